package dev.sigyn.distributor;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sigyn.distributor.ContentEncodings.DecompressedBodyTooLarge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns a push body into streams: content encoding first, then JSON for {@code application/json} and snappy-framed
 * protobuf for every other content type (Promtail sends {@code application/x-protobuf}).
 */
final class PushBodyDecoder {
    /** The largest byte array a JVM hands out; a protobuf body must fit in one to be snappy-decoded. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long maxDecompressed;

    PushBodyDecoder(BodyLimits limits) {
        this.maxDecompressed = limits.maxDecompressedBytes();
    }

    List<ReceivedStream> decode(PushBody body) throws PushRejection {
        String encoding = body.contentEncoding();
        boolean compressed = ContentEncodings.isCompressed(encoding);
        try {
            if (isJson(body.contentType())) {
                try (InputStream in = compressed
                        ? ContentEncodings.inflate(encoding, body.bytes(), body.length(), maxDecompressed)
                        : new ByteArrayInputStream(body.bytes(), 0, body.length())) {
                    return body.legacyPath() ? LegacyJsonPushDecoder.decode(in) : JsonPushDecoder.decode(in);
                }
            }
            if (!compressed) return ProtobufPushDecoder.decode(body.bytes(), body.length(), maxDecompressed);
            long limit = Math.min(maxDecompressed, MAX_ARRAY);
            try (InputStream in = ContentEncodings.inflate(encoding, body.bytes(), body.length(), limit)) {
                byte[] snappy = readAll(in);
                return ProtobufPushDecoder.decode(snappy, snappy.length, maxDecompressed);
            }
        } catch (DecompressedBodyTooLarge e) {
            throw e.rejection();
        } catch (JsonProcessingException e) {
            throw PushRejection.badRequest("invalid JSON push request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw PushRejection.badRequest(("gzip".equals(encoding) ? "gzip: " : "flate: ") + e.getMessage());
        }
    }

    /** The media type without parameters, lower-cased: {@code application/json; charset=utf-8} is JSON. */
    static boolean isJson(String contentType) {
        if (contentType == null) return false;
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int size = 0;
        while (true) {
            if (size == buf.length) {
                // At the array cap only end-of-stream is acceptable; the limited stream throws on one more byte.
                if (buf.length >= MAX_ARRAY) {
                    if (in.read() < 0) break;
                    throw new DecompressedBodyTooLarge(size + 1L, MAX_ARRAY);
                }
                buf = Arrays.copyOf(buf, (int) Math.min(MAX_ARRAY, (long) buf.length * 2));
            }
            int n = in.read(buf, size, buf.length - size);
            if (n < 0) break;
            size += n;
        }
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}

package dev.sigyn.distributor;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns a push body into streams: content encoding first, then JSON for {@code application/json} and snappy-framed
 * protobuf for every other content type (Promtail sends {@code application/x-protobuf}). What each step builds is
 * counted in a {@link DecodeBudget} as it is built.
 */
final class PushBodyDecoder {
    /** The largest byte array a JVM hands out. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long maxDecoded;

    PushBodyDecoder(BodyLimits limits) {
        this.maxDecoded = limits.maxDecodedBytes();
    }

    List<ReceivedStream> decode(PushBody body) throws PushRejection {
        String encoding = body.contentEncoding();
        boolean compressed = ContentEncodings.isCompressed(encoding);
        DecodeBudget budget = new DecodeBudget(maxDecoded, body.inflight());
        try {
            if (isJson(body.contentType())) {
                try (InputStream in = compressed
                        ? ContentEncodings.inflate(encoding, body.bytes(), body.length(), budget)
                        : new ByteArrayInputStream(body.bytes(), 0, body.length())) {
                    return body.legacyPath() ? LegacyJsonPushDecoder.decode(in, budget)
                            : JsonPushDecoder.decode(in, budget);
                }
            }
            if (!compressed) return ProtobufPushDecoder.decode(body.bytes(), body.length(), budget);
            try (InputStream in = ContentEncodings.inflate(encoding, body.bytes(), body.length(), budget)) {
                byte[] snappy = readAll(in);
                return ProtobufPushDecoder.decode(snappy, snappy.length, budget);
            }
        } catch (DecodeBudget.Exceeded e) {
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

    /** The whole stream; its budget stops it before it passes the decoded size limit. */
    static byte[] readAll(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int size = 0;
        while (true) {
            if (size == buf.length) {
                if (size >= MAX_ARRAY) throw new IOException("decompressed body larger than " + MAX_ARRAY + " bytes");
                buf = Arrays.copyOf(buf, (int) Math.min(MAX_ARRAY, buf.length * 2L));
            }
            int n = in.read(buf, size, buf.length - size);
            if (n < 0) break;
            size += n;
        }
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}

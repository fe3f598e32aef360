package dev.sigyn.distributor;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads an OTLP/HTTP logs body as Loki does: Content-Encoding none or {@code gzip}, Content-Type
 * {@code application/x-protobuf} or {@code application/json} (parameters such as a charset are ignored).
 */
final class OtlpDecoder {
    private final long maxDecoded;

    OtlpDecoder(BodyLimits limits) {
        this.maxDecoded = limits.maxDecodedBytes();
    }

    OtlpLogs decode(PushBody body) throws PushRejection {
        String encoding = body.contentEncoding() == null ? "" : body.contentEncoding().strip().toLowerCase(Locale.ROOT);
        if (!encoding.isEmpty() && !encoding.equals("gzip")) {
            throw PushRejection.badRequest("unsupported content encoding " + encoding + ": only gzip is supported");
        }
        String type = mediaType(body.contentType());
        boolean json = type.equals("application/json");
        if (!json && !type.equals("application/x-protobuf")) {
            throw PushRejection.badRequest("content type: " + (body.contentType() == null ? "" : body.contentType())
                    + " is not supported");
        }
        byte[] bytes = body.bytes();
        int length = body.length();
        DecodeBudget budget = new DecodeBudget(maxDecoded, body.inflight());
        try {
            if (!encoding.isEmpty()) {
                try (InputStream in = ContentEncodings.inflate(encoding, bytes, length, budget)) {
                    bytes = PushBodyDecoder.readAll(in);
                    length = bytes.length;
                }
            }
            return json ? OtlpJsonDecoder.decode(bytes, length, budget)
                    : OtlpProtobufDecoder.decode(bytes, length, budget);
        } catch (DecodeBudget.Exceeded e) {
            throw e.rejection();
        } catch (JsonProcessingException e) {
            throw PushRejection.badRequest("invalid OTLP JSON logs request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw PushRejection.badRequest("gzip: " + e.getMessage());
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) return "";
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}

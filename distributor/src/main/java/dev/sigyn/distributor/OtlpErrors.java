package dev.sigyn.distributor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedOutputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * OTLP/HTTP error answers: the HTTP status carries the outcome, the body a {@code google.rpc.Status} holding only
 * the message, encoded like the request (protobuf unless it was JSON). A 500 becomes a 503, as in Loki, because
 * exporters retry 503 but never 500.
 */
final class OtlpErrors {
    private static final JsonFactory JSON = new JsonFactory();

    private OtlpErrors() {}

    static void write(HttpServerResponse response, PushReply reply, String requestContentType) {
        int status = reply.status() == 500 ? 503 : reply.status();
        boolean json = PushBodyDecoder.isJson(requestContentType);
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, json ? "application/json" : "application/x-protobuf")
                .end(Buffer.buffer(json ? jsonStatus(reply.message()) : protobufStatus(reply.message())));
    }

    /** {@code Status { int32 code = 1; string message = 2; }} with the code left at 0 (omitted). */
    static byte[] protobufStatus(String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jsonStatus(String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.createGenerator(bytes)) {
                g.writeStartObject();
                g.writeStringField("message", message);
                g.writeEndObject();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

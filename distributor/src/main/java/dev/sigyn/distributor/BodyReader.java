package dev.sigyn.distributor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;

/**
 * Collects a request body on the event loop into one byte array, up to a limit. Past the limit the rest is read and
 * dropped, so that the connection stays usable for the 413 answer and for the client's next request.
 */
final class BodyReader {
    private BodyReader() {}

    /**
     * @param bytes    the body in {@code bytes[0..length)}; empty when it was too large
     * @param received how many bytes arrived (or were announced by Content-Length), counted even past the limit
     */
    record Body(byte[] bytes, int length, long received, boolean tooLarge) {
    }

    static Future<Body> read(RoutingContext ctx, long limit) {
        if (ctx.body() != null && ctx.body().available()) {
            // A BodyHandler mounted in front of us (by the server) has already read the body.
            Buffer b = ctx.body().buffer();
            int length = b == null ? 0 : b.length();
            if (length > limit) return Future.succeededFuture(new Body(new byte[0], 0, length, true));
            return Future.succeededFuture(new Body(b == null ? new byte[0] : b.getBytes(), length, length, false));
        }
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) return Future.succeededFuture(new Body(new byte[0], 0, 0, false));
        long declared = contentLength(request);
        Accumulator body = new Accumulator(limit, declared);
        Promise<Body> done = Promise.promise();
        request.handler(body::append);
        request.endHandler(v -> done.tryComplete(body.result()));
        request.exceptionHandler(done::tryFail);
        request.resume();
        return done.future();
    }

    /** Drops the body, for requests answered without it (missing tenant). */
    static Future<Void> discard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || (ctx.body() != null && ctx.body().available())) return Future.succeededFuture();
        Promise<Void> done = Promise.promise();
        request.handler(chunk -> { });
        request.endHandler(v -> done.tryComplete());
        request.exceptionHandler(done::tryFail);
        request.resume();
        return done.future();
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) return -1;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class Accumulator {
        private final long limit;
        private final long declared;
        private byte[] bytes;
        private int length;
        private long received;

        Accumulator(long limit, long declared) {
            this.limit = limit;
            this.declared = declared;
            // Trust Content-Length for the first allocation only when it is within the limit.
            this.bytes = new byte[declared >= 0 && declared <= limit ? (int) declared : 16 * 1024];
        }

        void append(Buffer chunk) {
            received += chunk.length();
            if (received > limit || declared > limit) {
                bytes = null; // too large: stop keeping it
                return;
            }
            if (length + chunk.length() > bytes.length) {
                long grown = Math.max((long) bytes.length * 2, (long) length + chunk.length());
                bytes = Arrays.copyOf(bytes, (int) Math.min(grown, Math.min(limit, Integer.MAX_VALUE - 8)));
            }
            chunk.getBytes(0, chunk.length(), bytes, length);
            length += chunk.length();
        }

        Body result() {
            if (received > limit || declared > limit) {
                return new Body(new byte[0], 0, Math.max(declared, received), true);
            }
            return new Body(bytes, length, received, false);
        }
    }
}

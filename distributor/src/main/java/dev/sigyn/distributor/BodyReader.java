package dev.sigyn.distributor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;

/**
 * Collects a push body on the event loop into one byte array. The array grows with the bytes that actually arrive
 * (a Content-Length is a claim, not a reason to allocate), and every byte kept is held in the push's share of
 * {@code distributor.max_inflight_bytes}. A body over {@code distributor.max_recv_msg_size}, by its Content-Length
 * or by what arrives, and a body the in-flight limit cannot take, are refused at once; their connection is then
 * closed rather than read to the end.
 */
final class BodyReader {
    /** A body refused early is still read and dropped for this long before its connection is closed anyway... */
    private static final long LINGER_MILLIS = 1000;
    /** ...or until this much more of it has arrived: enough for a client still sending to see the answer. */
    private static final long LINGER_BYTES = 256 * 1024;
    /** The first array for a body; it doubles from here as bytes arrive. */
    private static final int FIRST_CAPACITY = 16 * 1024;

    private BodyReader() {}

    /** What reading a body came to. */
    sealed interface Read {
    }

    /** The whole body, in {@code bytes[0..length)}. */
    record Received(byte[] bytes, int length) implements Read {
    }

    /** Refused before its end with this answer; the connection is to be closed after it ({@link #closeAfterAnswer}). */
    record Refused(PushReply reply) implements Read {
    }

    static Future<Read> read(RoutingContext ctx, long limit, InflightBytes.Lease lease) {
        if (ctx.body() != null && ctx.body().available()) {
            // A BodyHandler mounted in front of us has already read the body.
            Buffer b = ctx.body().buffer();
            int length = b == null ? 0 : b.length();
            if (length > limit) return Future.succeededFuture(tooLarge(length, limit));
            if (!lease.tryAdd(length)) return Future.succeededFuture(new Refused(new PushReply(503, lease.refusal())));
            return Future.succeededFuture(new Received(b == null ? new byte[0] : b.getBytes(), length));
        }
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) return Future.succeededFuture(new Received(new byte[0], 0));
        long declared = contentLength(request);
        if (declared > limit) return Future.succeededFuture(tooLarge(declared, limit));
        Promise<Read> done = Promise.promise();
        Accumulator body = new Accumulator(limit, declared, lease);
        request.handler(chunk -> {
            Refused refused = body.append(chunk);
            if (refused != null) {
                request.handler(dropped -> { });
                done.tryComplete(refused);
            }
        });
        request.endHandler(v -> done.tryComplete(body.result()));
        request.exceptionHandler(done::tryFail);
        // The connection may close without an exception on the request (the client gone, a read timeout).
        ctx.addEndHandler(end -> done.tryFail(end.failed() ? end.cause() : new IllegalStateException("answered")));
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) ctx.response().writeContinue();
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

    /**
     * Closes the connection of a request that was answered before its body was read. A client still sending would
     * otherwise get a reset instead of the answer, so the rest of the body is read and dropped first, but only for a
     * moment and a few hundred kilobytes: never the 100 MiB it may have announced.
     */
    static void closeAfterAnswer(Vertx vertx, HttpServerRequest request) {
        Runnable close = () -> {
            if (request.version() == HttpVersion.HTTP_2) request.response().reset();
            else request.connection().close();
        };
        if (request.isEnded()) {
            close.run();
            return;
        }
        long timer = vertx.setTimer(LINGER_MILLIS, id -> close.run());
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                vertx.cancelTimer(timer);
                close.run();
            }
        });
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            close.run();
        });
        request.exceptionHandler(e -> vertx.cancelTimer(timer));
        request.resume();
    }

    private static Refused tooLarge(long size, long limit) {
        return new Refused(new PushReply(413,
                "request body too large: message size too large than max (" + size + " vs " + limit + ")"));
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

    /** The body so far; its array is only as large as what arrived, rounded up to the next doubling. */
    private static final class Accumulator {
        private final long limit;
        private final long declared;
        private final InflightBytes.Lease lease;
        private byte[] bytes = new byte[0];
        private int length;

        Accumulator(long limit, long declared, InflightBytes.Lease lease) {
            this.limit = limit;
            this.declared = declared;
            this.lease = lease;
        }

        /** Keeps the chunk, or says why the body is refused. */
        Refused append(Buffer chunk) {
            long needed = (long) length + chunk.length();
            if (needed > limit) return tooLarge(needed, limit);
            if (needed > bytes.length) {
                long grown = Math.max(needed, Math.max(FIRST_CAPACITY, 2L * bytes.length));
                // Never past the limit, nor past a Content-Length (which the HTTP decoder enforces).
                long cap = declared >= 0 ? Math.min(declared, limit) : limit;
                int capacity = (int) Math.min(Math.max(needed, Math.min(grown, cap)), Integer.MAX_VALUE - 8);
                if (!lease.tryAdd(capacity - bytes.length)) return new Refused(new PushReply(503, lease.refusal()));
                bytes = Arrays.copyOf(bytes, capacity);
            }
            chunk.getBytes(0, chunk.length(), bytes, length);
            length += chunk.length();
            return null;
        }

        Received result() {
            return new Received(bytes, length);
        }
    }
}

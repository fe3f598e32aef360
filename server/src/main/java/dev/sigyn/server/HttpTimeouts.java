package dev.sigyn.server;

import dev.sigyn.config.ServerConfig;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loki's HTTP server timeouts, which Vert.x does not have (its idle timeouts count any traffic on a connection):
 * <ul>
 *   <li>{@code server.http_server_read_timeout}: a new connection must deliver a request's headers within it, and a
 *   request its body within it from its headers; a late body gets 408 and its connection is closed.</li>
 *   <li>{@code server.http_server_write_timeout}: a request's answer must be complete, and sent rather than queued
 *   for a client that does not read it, within it from the request's headers, else the connection is closed.</li>
 *   <li>{@code server.http_server_idle_timeout}: after an answer, the next request's headers must arrive within it,
 *   else the connection is closed. A client dripping header bytes is closed by this or the read timeout.</li>
 * </ul>
 * A connection upgraded to a WebSocket (live tail) is left alone, as Go leaves hijacked connections alone. Zero turns a
 * timeout off. The state of a connection is touched only on its event loop, where Vert.x runs its handlers and timers.
 */
final class HttpTimeouts {
    private static final Logger log = LoggerFactory.getLogger(HttpTimeouts.class);
    /** More unsent bytes than this at the end of an answer keep it on the write clock until they are sent. */
    private static final long BACKLOG_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final ServerConfig config;
    private final Map<HttpConnection, ConnectionClock> connections = new ConcurrentHashMap<>();

    private HttpTimeouts(Vertx vertx, ServerConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Mounts the request clocks ahead of every route; the HTTP server must also pass new connections to
     * {@link #connected}.
     */
    static HttpTimeouts install(Vertx vertx, Router router, ServerConfig config) {
        HttpTimeouts timeouts = new HttpTimeouts(vertx, config);
        router.route().order(-1).handler(timeouts::requestStarted);
        return timeouts;
    }

    /** For {@code HttpServer.connectionHandler}: the first request's headers are due within the read timeout. */
    void connected(HttpConnection connection) {
        clockOf(connection).awaitRequest(config.httpServerReadTimeout());
    }

    private ConnectionClock clockOf(HttpConnection connection) {
        return connections.computeIfAbsent(connection, c -> {
            ConnectionClock clock = new ConnectionClock(c);
            c.closeHandler(v -> {
                connections.remove(c);
                clock.closed();
            });
            return clock;
        });
    }

    private void requestStarted(RoutingContext ctx) {
        clockOf(ctx.request().connection()).requestStarted(ctx);
        ctx.next();
    }

    private long setTimer(Duration timeout, Runnable action) {
        if (timeout.isZero() || timeout.isNegative()) return -1;
        return vertx.setTimer(Math.max(1, timeout.toMillis()), id -> action.run());
    }

    private void cancel(long timer) {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** One connection: requests in progress on it, and the timer of the wait for its next request. */
    private final class ConnectionClock {
        private final HttpConnection connection;
        private int inProgress;
        private boolean upgraded;
        private boolean closed;
        private long waitTimer = -1;

        ConnectionClock(HttpConnection connection) {
            this.connection = connection;
        }

        void awaitRequest(Duration timeout) {
            cancelWait();
            if (closed) return;
            waitTimer = setTimer(timeout, () -> {
                waitTimer = -1;
                if (inProgress == 0 && !upgraded) connection.close();
            });
        }

        void closed() {
            closed = true;
            cancelWait();
        }

        private void cancelWait() {
            cancel(waitTimer);
            waitTimer = -1;
        }

        void requestStarted(RoutingContext ctx) {
            cancelWait();
            inProgress++;
            HttpServerRequest request = ctx.request();
            // A WebSocket handshake has no body, though Vert.x never marks it ended.
            long readTimer = request.isEnded() || request.canUpgradeToWebSocket() ? -1
                    : setTimer(config.httpServerReadTimeout(), () -> bodyLate(ctx));
            long writeTimer = setTimer(config.httpServerWriteTimeout(), () -> answerLate(ctx));
            // Called once the answer is handed to the connection, or the connection closed; never for a WebSocket
            // upgrade. An answer still queued for a client that does not read stays on the write clock.
            ctx.addEndHandler(done -> {
                cancel(readTimer);
                if (!backlogged()) cancel(writeTimer);
                answered(ctx.response());
            });
        }

        private void answered(HttpServerResponse response) {
            inProgress--;
            if (response.getStatusCode() == 101) upgraded = true;
            if (inProgress == 0 && !upgraded) awaitRequest(config.httpServerIdleTimeout());
        }

        /**
         * True while the connection holds more of an answer than a socket takes at once: the client is not reading
         * it (or is about to, for a large answer just handed over). Vert.x's public API says when an answer was handed
         * to the connection, not when it left, so this looks at the Netty channel underneath.
         */
        private boolean backlogged() {
            if (!(connection instanceof HttpServerConnection c)) return false;
            ChannelOutboundBuffer unsent = c.channelHandlerContext().channel().unsafe().outboundBuffer();
            return unsent != null && unsent.totalPendingWriteBytes() > BACKLOG_BYTES;
        }

        /**
         * Closes at once, dropping what is still queued. Vert.x's close, and a close passing through its handler,
         * would first send it all; a close issued from the first handler of the pipeline goes straight to the socket.
         */
        private void closeNow() {
            if (connection instanceof HttpServerConnection c) c.channelHandlerContext().pipeline().firstContext().close();
            else connection.close();
        }

        private void bodyLate(RoutingContext ctx) {
            if (ctx.request().isEnded()) return;
            HttpServerResponse response = ctx.response();
            log.atInfo().addKeyValue("path", ctx.request().path()).addKeyValue("timeout", config.httpServerReadTimeout())
                    .log("request body not received within server.http_server_read_timeout; closing the connection");
            if (response.headWritten()) {
                closeNow();
                return;
            }
            response.setStatusCode(408).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Connection", "close")
                    .end("request timeout: the request did not arrive within server.http_server_read_timeout ("
                            + text(config.httpServerReadTimeout()) + ")\n")
                    .onComplete(done -> connection.close());
        }

        private void answerLate(RoutingContext ctx) {
            HttpServerResponse response = ctx.response();
            if (response.getStatusCode() == 101) return; // a WebSocket
            if (response.ended() && !backlogged()) return;
            log.atWarn().addKeyValue("path", ctx.request().path()).addKeyValue("timeout", config.httpServerWriteTimeout())
                    .log("answer not sent within server.http_server_write_timeout; closing the connection");
            closeNow();
        }
    }
}

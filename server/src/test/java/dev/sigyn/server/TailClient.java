package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of Sigyn's live tail for tests: frames arrive, parsed, in a queue. */
final class TailClient implements AutoCloseable {
    /** One received frame and when it arrived ({@link System#nanoTime()}). */
    record Frame(JsonNode json, long receivedAtNanos) {
    }

    /** How the server closed the socket. */
    record Closed(Short code, String reason) {
    }

    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocketClient client;
    private volatile WebSocket socket;

    private TailClient(WebSocketClient client) {
        this.client = client;
    }

    WebSocket socket() {
        return socket;
    }

    /** Runs on the event loop as the connection completes, before any frame can be missed. */
    private WebSocket listen(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> {
            try {
                frames.add(new Frame(Conformance.JSON.readTree(text), System.nanoTime()));
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + text, e);
            }
        });
        socket.closeHandler(v -> closed.complete(new Closed(socket.closeStatusCode(), socket.closeReason())));
        return socket;
    }

    /** Connects to {@code uri} (path and query string) with the tenant header, as Grafana's proxy does. */
    static TailClient connect(Vertx vertx, TestServer server, String uri, String tenant) throws Exception {
        return connect(vertx, server, uri, tenant == null ? java.util.Map.of() : java.util.Map.of("X-Scope-OrgID", tenant));
    }

    /** Connects to {@code uri} with these request headers (credentials, tenant). */
    static TailClient connect(Vertx vertx, TestServer server, String uri, java.util.Map<String, String> headers)
            throws Exception {
        // Frames of long lines are larger than Vert.x's default message limit.
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 << 20).setMaxMessageSize(16 << 20));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(server.server.port()).setURI(uri);
        headers.forEach(options::addHeader);
        TailClient tail = new TailClient(client);
        try {
            client.connect(options).map(tail::listen).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return tail;
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /** The next frame, or null when none arrives in time. */
    Frame next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Closed awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!socket.isClosed()) socket.close();
        client.close();
    }
}

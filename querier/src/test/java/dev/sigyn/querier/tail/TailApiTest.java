package dev.sigyn.querier.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TailListener;
import dev.sigyn.logql.tail.TooManyTails;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The querier's side of a live tail against a {@link LiveTails} that is not the ingester's, as a network client would
 * be: what it is asked, and how the lines and drop notes it hands over become frames.
 */
class TailApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final FakeTails tails = new FakeTails();
    private HttpServer server;
    private WebSocketClient client;

    /** Records each subscription; refuses them all once {@link #refuse} is set. */
    private static final class FakeTails implements LiveTails {
        final CompletableFuture<TailListener> listener = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile LogSelectorExpr query;
        volatile boolean onEventLoop;
        volatile boolean refuse;

        @Override
        public Subscription subscribe(String tenant, LogSelectorExpr query, int maxTails, TailListener listener)
                throws TooManyTails {
            onEventLoop = Context.isOnEventLoopThread();
            if (refuse) throw new TooManyTails(maxTails, maxTails);
            this.query = query;
            this.listener.complete(listener);
            return () -> closed.complete(null);
        }
    }

    @BeforeEach
    void start() throws Exception {
        SigynConfig config = SigynConfig.defaults().withAuthEnabled(true);
        Router router = Router.router(vertx);
        new TailApi(vertx, TailThreads.create(vertx, config), tails, List.of(), TenantResolver.orgIdHeader(true),
                config, TenantLimits.fixed(config.limits())).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A tail of {@code query}: its frames go to {@code frames}, its close code and reason to {@code closed}. */
    private WebSocket connect(String query, BlockingQueue<String> frames, CompletableFuture<String> closed)
            throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(server.actualPort()).addHeader("X-Scope-OrgID", "acme")
                .setURI("/loki/api/v1/tail?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return client.connect(options).map(ws -> ws.textMessageHandler(frames::add)
                        .closeHandler(v -> closed.complete(ws.closeStatusCode() + " " + ws.closeReason())))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theWholeQueryIsSubscribedOffTheEventLoopAndWhatTheSourceHandsOverIsFramed() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        String query = "{app=\"web\"} |= \"x\" | logfmt | line_format \"{{.msg}}\"";
        WebSocket socket = connect(query, frames, new CompletableFuture<>());
        // Subscribed before the socket opened: a line pushed as soon as the client is connected reaches it.
        assertTrue(tails.listener.isDone(), "the socket opened before the tail was subscribed");
        TailListener listener = tails.listener.get(10, TimeUnit.SECONDS);
        assertEquals(Parser.parseExpr(query), tails.query, "the pipeline goes to the source with the selector");
        assertFalse(tails.onEventLoop, "subscribing may block: never on an event loop");

        long ts = System.currentTimeMillis() * 1_000_000L - 1_000_000_000L; // past delay_for (0) at once
        listener.onDropped(Labels.of("app", "web"), ts - 1);
        listener.onLine(new LogLine(ts, "formatted", Labels.of("app", "web"), Labels.EMPTY, Labels.of("msg", "x1")));

        String text = frames.poll(5, TimeUnit.SECONDS);
        assertNotNull(text, "no frame");
        JsonNode frame = JSON.readTree(text);
        JsonNode stream = frame.get("streams").get(0);
        assertEquals(Map.of("app", "web", "msg", "x1"), JSON.convertValue(stream.get("stream"), Map.class));
        assertEquals(List.of(Long.toString(ts), "formatted"),
                List.of(stream.get("values").get(0).get(0).asText(), stream.get("values").get(0).get(1).asText()));
        JsonNode dropped = frame.get("dropped_entries").get(0);
        assertEquals(Long.toString(ts - 1), dropped.get("timestamp").asText());
        assertEquals(Map.of("app", "web"), JSON.convertValue(dropped.get("labels"), Map.class));

        socket.close();
        tails.closed.get(10, TimeUnit.SECONDS); // the client's leaving frees the tail's place at the source
    }

    @Test
    void aTailTheSourceRefusesIsClosedWithItsReason() throws Exception {
        tails.refuse = true;
        CompletableFuture<String> closed = new CompletableFuture<>();
        connect("{app=\"web\"}", new LinkedBlockingQueue<>(), closed);
        assertEquals("1011 max concurrent tail requests limit exceeded, count > limit (11 > 10)",
                closed.get(10, TimeUnit.SECONDS));
    }
}

package dev.sigyn.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Unknown paths, wrong methods and failed handlers are answered in plain text like every other error, not with
 * Vert.x's HTML pages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainTextErrorsTest {
    @TempDir
    static Path dataDir;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void anUnknownPathIsAPlainTextNotFoundAsInLoki() throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/no_such_endpoint", "acme");
        assertEquals(404, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("404 page not found\n", new String(r.body()));
    }

    @Test
    void aWrongMethodIsAPlainText405NamingTheRequestAndTheAllowedMethods() throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/push", "acme");
        assertEquals(405, r.statusCode());
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("405 method not allowed: GET /loki/api/v1/push\n", new String(r.body()));
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));

        HttpResponse<byte[]> delete = TestServer.send(server.base, HttpRequest.newBuilder(
                URI.create(server.base + "/loki/api/v1/query_range")).header("X-Scope-OrgID", "acme").DELETE());
        assertEquals(405, delete.statusCode());
        assertEquals("405 method not allowed: DELETE /loki/api/v1/query_range\n", new String(delete.body()));
        assertEquals("GET,POST", delete.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void aHandlerThatFailsWithoutAnsweringGetsAPlainText500WithTheReason() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            PlainTextErrors.install(router);
            router.get("/broken").handler(ctx -> ctx.fail(new IllegalStateException("index file unreadable")));
            HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String base = "http://127.0.0.1:" + http.actualPort();
            HttpResponse<byte[]> r = TestServer.send(base, HttpRequest.newBuilder(URI.create(base + "/broken")));
            assertEquals(500, r.statusCode());
            assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals("500 internal server error: index file unreadable\n", new String(r.body()));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

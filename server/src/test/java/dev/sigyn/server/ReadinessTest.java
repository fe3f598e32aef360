package dev.sigyn.server;

import dev.sigyn.config.Readiness;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /ready} and the gate before pushes and queries ask every component, and name the one that is not ready. */
class ReadinessTest {
    private final Vertx vertx = Vertx.vertx();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A component whose readiness the test sets. */
    private static final class Component implements Readiness {
        private final String name;
        volatile String notReady;

        Component(String name) {
            this.name = name;
        }

        @Override
        public String componentName() {
            return name;
        }

        @Override
        public Optional<String> notReady() {
            return Optional.ofNullable(notReady);
        }
    }

    private final Component ingester = new Component("Ingester");
    private final Component compactor = new Component("Compactor");

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        metrics.close();
    }

    @Test
    void readyWhenEveryComponentIs() throws Exception {
        String base = serve();

        assertEquals("200 ready\n", get(base, "/ready"));
        assertEquals("200 answered\n", get(base, "/loki/api/v1/labels"));
    }

    @Test
    void theComponentThatIsNotReadyIsNamedWithItsReason() throws Exception {
        compactor.notReady = "waiting for the object store";
        String base = serve();

        assertEquals("503 Compactor not ready: waiting for the object store\n", get(base, "/ready"));
        assertEquals("503 Compactor not ready: waiting for the object store\n", get(base, "/loki/api/v1/labels"));

        compactor.notReady = null;
        assertEquals("200 ready\n", get(base, "/ready"));
    }

    @Test
    void theFirstComponentNotReadyIsShown() throws Exception {
        ingester.notReady = "replaying the write-ahead log";
        compactor.notReady = "waiting for the object store";
        String base = serve();

        assertEquals("503 Ingester not ready: replaying the write-ahead log\n", get(base, "/ready"));
    }

    /** The ops routes, the readiness gate, and a route behind it, as the server mounts them. */
    private String serve() throws Exception {
        ReadinessCheck readiness = new ReadinessCheck(List.of(ingester, compactor));
        SigynConfig config = SigynConfig.defaults();
        Router router = Router.router(vertx);
        new OpsApi(vertx, vertx.createSharedWorkerExecutor("test-background", 1), config,
                TenantResolver.orgIdHeader(false), TenantLimits.fixed(config.limits()), readiness, () -> { }, metrics,
                new BuildInfo("test", "", "", "")).mount(router);
        router.route().handler(readiness::gate);
        router.get("/loki/api/v1/labels").handler(ctx -> ctx.response().end("answered\n"));
        HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + http.actualPort();
    }

    private static String get(String base, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}

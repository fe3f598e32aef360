package dev.sigyn.distributor;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** A real Vert.x HTTP server on a free port with the push API mounted, a recording Pusher and a test clock. */
final class PushServer {
    static final Instant NOW = Instant.parse("2026-11-01T01:00:00Z");
    static final long NOW_NANOS = UnixNanos.of(NOW);

    final Vertx vertx = Vertx.vertx();
    final RecordingPusher pusher = new RecordingPusher();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TestClock clock = new TestClock(NOW);
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    PushServer(boolean authEnabled, LimitsConfig limits, BodyLimits bodyLimits) throws Exception {
        this(authEnabled, TenantLimits.fixed(limits), bodyLimits);
    }

    PushServer(boolean authEnabled, TenantLimits limits, BodyLimits bodyLimits) throws Exception {
        this(authEnabled, limits, bodyLimits, () -> 1);
    }

    /** One of {@code distributorCount} distributors sharing the tenants' ingestion rates. */
    PushServer(boolean authEnabled, TenantLimits limits, BodyLimits bodyLimits, IntSupplier distributorCount)
            throws Exception {
        SigynConfig config = SigynConfig.defaults().withAuthEnabled(authEnabled);
        Router router = Router.router(vertx);
        new PushApi(vertx, pusher, TenantResolver.orgIdHeader(authEnabled), config, limits, registry, bodyLimits, clock,
                distributorCount)
                .mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
    }

    /** A server with {@link #asSent()} limits. */
    PushServer() throws Exception {
        this(false, asSent(), BodyLimits.DEFAULTS);
    }

    /**
     * The default limits with ingest discovery off: streams reach the ingester exactly as pushed, and messages name
     * them as Loki 2.9's do, which the format and validation tests compare with. IngestDiscoveryTest covers the
     * discovery that is on by default.
     */
    static LimitsConfig asSent() {
        return LimitsConfig.defaults().withDiscoverServiceName(List.of()).withDiscoverLogLevels(false);
    }

    static PushServer withLimits(LimitsConfig limits) throws Exception {
        return new PushServer(false, limits, BodyLimits.DEFAULTS);
    }

    record Response(int status, String body) {
    }

    Response post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    Response postJson(String json) throws Exception {
        return post("/loki/api/v1/push", json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    Response postProtobuf(byte[] snappyBody) throws Exception {
        return post("/loki/api/v1/push", snappyBody, Map.of("Content-Type", "application/x-protobuf"));
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** {@link #asSent()} limits with a few fields changed. */
    static LimitsConfig limits(double rateMb, double burstMb, long maxLineSize, int maxLabelNames,
                               int maxNameLength, int maxValueLength) {
        return asSent().withIngestionRateMb(rateMb).withIngestionBurstSizeMb(burstMb)
                .withMaxLineSize(maxLineSize).withMaxLabelNamesPerSeries(maxLabelNames)
                .withMaxLabelNameLength(maxNameLength).withMaxLabelValueLength(maxValueLength);
    }
}

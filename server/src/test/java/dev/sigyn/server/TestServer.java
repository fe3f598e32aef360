package dev.sigyn.server;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.SigynConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real Sigyn server on a free port over a data directory, and a small HTTP client for it. */
final class TestServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final SigynServer server;
    final String base;

    private TestServer(SigynServer server) {
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port();
    }

    private TestServer(String base) {
        this.server = null;
        this.base = base;
    }

    /** A client of a server in another process (a cluster's); closing it leaves the server alone. */
    static TestServer remote(String base) {
        return new TestServer(base);
    }

    /**
     * The configuration the conformance corpus needs: multi-tenant, old samples accepted, and streams kept exactly as
     * pushed (no {@code service_name} label, no {@code detected_level}), as the Loki 2.9 that recorded it kept them.
     */
    static SigynConfig conformanceConfig(Path dataDir) {
        SigynConfig d = SigynConfig.defaults();
        return d.withAuthEnabled(true)
                .withServer(new ServerConfig("127.0.0.1", 0, "warn"))
                .withCommon(new CommonConfig(dataDir.toString(), d.common().storage()))
                .withLimits(d.limits().withRejectOldSamples(false)
                        .withDiscoverServiceName(List.of()).withDiscoverLogLevels(false));
    }

    static TestServer start(SigynConfig config) throws Exception {
        TestServer t = new TestServer(SigynServer.start(config));
        t.awaitReady();
        return t;
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if ((server == null || server.isReady()) && get("/ready", null).statusCode() == 200) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException("server not ready within 60 s");
    }

    HttpResponse<byte[]> get(String uri, String tenant) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + uri)).timeout(Duration.ofSeconds(120)).GET();
        if (tenant != null) b.header("X-Scope-OrgID", tenant);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> post(String uri, String tenant, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + uri)).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tenant != null) b.header("X-Scope-OrgID", tenant);
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> send(String base, HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}

package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.AuthConfig;
import dev.sigyn.config.ClusterConfig;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.ServerTlsConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TlsConfig;
import dev.sigyn.kafka.testkit.KafkaCluster;
import dev.sigyn.kafka.testkit.TestCertificates;
import dev.sigyn.kafka.testkit.TestCertificates.Ca;
import dev.sigyn.kafka.testkit.TestCertificates.Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * A secured cluster: microservices mode with {@code server.grpc_tls_config} and {@code server.http_tls_config}, both
 * requiring a certificate of the cluster's CA, built-in authentication on every process, and one broker that takes
 * TLS only, with a client certificate of the same CA ({@code kafka_config.tls_*}): a distributor, an ingester with a
 * querier, and a query-frontend in this JVM. Pushes (a bearer token) and queries (basic auth, a grant limited to
 * {@code {app="tls"}}) go over HTTPS; the frontend reaches the queriers and the querier the ingester over TLS, every
 * process reaches Kafka over TLS, the grant's limit holds on relayed calls and on split metric queries alike, and the
 * internal port takes no cleartext and no stranger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTlsTest {
    @TempDir
    static Path dir;
    private final Ca ca = TestCertificates.newCa("cluster-ca");
    private KafkaCluster kafka;
    private SigynServer distributor, backend, frontend;
    private int backendGrpcPort;
    private SSLContext client;
    private static final String TOKEN = "cluster-push-token";
    private static final String GRAFANA = AuthenticationTest.basic("grafana", "correct horse battery staple");

    @BeforeAll
    void start() throws Exception {
        kafka = KafkaCluster.builder().brokers(1).tls(ca).requireClientCertificates()
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .brokerProperty("group.min.session.timeout.ms", "2000").start();
        Identity.Files node = ca.issue("sigyn-node").write(dir, "node");
        String caFile = ca.writeCertificate(dir.resolve("ca.pem")).toString();
        TlsConfig mutual = new TlsConfig(node.certificate().toString(), node.key().toString(),
                "RequireAndVerifyClientCert", caFile);
        client = ca.clientContext(ca.issue("grafana"));

        backendGrpcPort = SigynProcess.freePort();
        SigynConfig base = TestServer.conformanceConfig(dir);
        base = base.withServer(base.server().withTls(new ServerTlsConfig(mutual, mutual, "", "")))
                .withKafka(KafkaConfig.defaults().withAddress(kafka.bootstrapServers())
                        .withTopic("tls", 2, 1).withCheckpointInterval(Duration.ofSeconds(1))
                        .withTls(caFile, node.certificate().toString(), node.key().toString()))
                .withCluster(new ClusterConfig(backendGrpcPort, "127.0.0.1"))
                .withAuth(AuthConfig.defaults()
                        .withUsers(List.of(AuthenticationTest.user("grafana", new AuthConfig.Grant("t",
                                List.of("read"), List.of("{app=\"tls\"}")))))
                        .withTokens(List.of(AuthenticationTest.token("promtail", TOKEN,
                                AuthenticationTest.grant("t", "push")))));
        // Processes publish their HTTP address from the configuration: a real port each, not 0.
        backend = SigynServer.start(onFreePort(base).withTarget("ingester,querier"));
        distributor = SigynServer.start(onFreePort(base).withTarget("distributor")
                .withCluster(new ClusterConfig(SigynProcess.freePort(), "127.0.0.1")));
        frontend = SigynServer.start(onFreePort(base).withTarget("query-frontend")
                .withCluster(new ClusterConfig(SigynProcess.freePort(), "127.0.0.1")));
        for (SigynServer s : new SigynServer[]{backend, distributor, frontend}) {
            awaitTrue(() -> status(s, "/ready") == 200, "process ready");
        }
    }

    private static SigynConfig onFreePort(SigynConfig c) throws IOException {
        var s = c.server();
        return c.withServer(new ServerConfig(s.httpListenAddress(), SigynProcess.freePort(), s.logLevel(),
                s.httpServerReadTimeout(), s.httpServerWriteTimeout(), s.httpServerIdleTimeout(),
                s.gracefulShutdownTimeout(), s.tls()));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[]{frontend, distributor, backend, kafka}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // closing the rest matters more
            }
        }
    }

    @Test
    void pushedLinesAreQueriedThroughTheFrontendOverTlsBetweenEveryProcess() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"streams\":[{\"stream\":{\"app\":\"tls\"},\"values\":[[\"" + now + "\",\"secret line\"]]},"
                + "{\"stream\":{\"app\":\"hidden\"},\"values\":[[\"" + now + "\",\"not for grafana\"]]}]}";
        HttpRequest.Builder pushRequest = HttpRequest.newBuilder(uri(distributor, "/loki/api/v1/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        assertEquals(401, https().send(pushRequest.build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "every process authenticates");
        HttpResponse<String> push = https().send(pushRequest.header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, push.statusCode(), push.body());
        assertEquals(401, status(frontend, "/loki/api/v1/labels"));

        // A log query is relayed whole to the querier's HTTPS port; the querier asks the ingester's internal port.
        awaitTrue(() -> get(frontend, "/loki/api/v1/query_range?query=%7Bapp%3D%22tls%22%7D").contains("secret line"),
                "the frontend's log query finds the line");
        // A metric range query is split, its splits sent to the querier's internal port.
        String start = Long.toString(now - 60_000_000_000L), end = Long.toString(now + 60_000_000_000L);
        awaitTrue(() -> get(frontend, "/loki/api/v1/query_range?query=count_over_time(%7Bapp%3D%22tls%22%7D%5B1m%5D)"
                        + "&start=" + start + "&end=" + end + "&step=60").contains("\"app\":\"tls\""),
                "the frontend's metric query counts the line");
        // The grant's selector holds through the relay and the splits: the other app's line is never seen.
        String any = "%7Bapp%3D~%22.%2B%22%7D";
        assertTrue(!get(frontend, "/loki/api/v1/query_range?query=" + any).contains("not for grafana"));
        String counted = get(frontend, "/loki/api/v1/query_range?query=sum%20by%20(app)%20(count_over_time(" + any
                + "%5B1m%5D))&start=" + start + "&end=" + end + "&step=60");
        assertTrue(counted.contains("\"app\":\"tls\"") && !counted.contains("hidden"), counted);
    }

    @Test
    void theInternalPortTakesNoCleartextAndNoClientWithoutTheClustersCertificate() throws Exception {
        URI series = URI.create("https://localhost:" + backendGrpcPort + "/internal/v1/ingester/series");
        HttpRequest bad = HttpRequest.newBuilder(series).POST(HttpRequest.BodyPublishers.ofString("not protobuf"))
                .build();
        // With the cluster's certificate: the port answers (and refuses the bad request).
        HttpResponse<String> trusted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(ca.clientContext(ca.issue("peer"))).build().send(bad, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, trusted.statusCode());
        assertEquals("HTTP_2", trusted.version().name(), "HTTP/2 chosen by ALPN");
        // Without a certificate, or in cleartext (h2c, as before TLS): no answer.
        assertThrows(IOException.class, () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(ca.clientContext(null)).build().send(bad, HttpResponse.BodyHandlers.ofString()));
        assertThrows(IOException.class, () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendGrpcPort
                        + "/internal/v1/ingester/series")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                        HttpResponse.BodyHandlers.ofString()));
    }

    private HttpClient https() {
        return HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static URI uri(SigynServer s, String path) {
        return URI.create("https://localhost:" + s.port() + path);
    }

    private int status(SigynServer s, String path) {
        try {
            return https().send(HttpRequest.newBuilder(uri(s, path)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private String get(SigynServer s, String path) {
        try {
            return https().send(HttpRequest.newBuilder(uri(s, path)).header("Authorization", GRAFANA).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(200);
        }
    }
}

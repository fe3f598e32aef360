package dev.sigyn.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With auth enabled, every route that serves a tenant's data refuses a request without a valid org id in the same
 * words and status, whichever component answers it: push, queries, tail, delete requests and /metrics.
 */
class TenantResolutionTest {
    @TempDir
    static Path dataDir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String SELECTOR = "?query=%7Bapp%3D%22web%22%7D";

    /** Routes as "METHOD path". */
    @ParameterizedTest
    @ValueSource(strings = {"POST /loki/api/v1/push", "POST /api/prom/push", "GET /loki/api/v1/query_range" + SELECTOR,
            "POST /loki/api/v1/query" + SELECTOR, "GET /loki/api/v1/labels", "GET /api/prom/label",
            "GET /loki/api/v1/tail" + SELECTOR, "GET /api/prom/tail" + SELECTOR, "GET /loki/api/v1/delete",
            "POST /loki/api/v1/delete" + SELECTOR, "GET /metrics"})
    void aRequestWithoutOrgIdIsUnauthorizedEverywhere(String route) throws Exception {
        Answer r = send(route, null);

        assertEquals(401, r.status(), r.body());
        assertEquals("no org id\n", r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /loki/api/v1/push", "POST /api/prom/push", "GET /loki/api/v1/query_range" + SELECTOR,
            "POST /loki/api/v1/query" + SELECTOR, "GET /loki/api/v1/labels", "GET /api/prom/label",
            "GET /loki/api/v1/tail" + SELECTOR, "GET /api/prom/tail" + SELECTOR, "GET /loki/api/v1/delete",
            "POST /loki/api/v1/delete" + SELECTOR, "GET /metrics"})
    void anInvalidOrgIdIsABadRequestEverywhere(String route) throws Exception {
        Answer r = send(route, "a|b");

        assertEquals(400, r.status(), r.body());
        assertEquals("multiple org IDs present\n", r.body());
    }

    @Test
    void anOtlpExportWithoutOrgIdIsUnauthorizedToo() throws Exception {
        assertEquals(401, send("POST /otlp/v1/logs", null).status());
    }

    private record Answer(int status, String body) {
    }

    private static Answer send(String route, String orgId) throws Exception {
        String[] parts = route.split(" ", 2);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + parts[1]))
                .timeout(Duration.ofSeconds(30))
                .method(parts[0], parts[0].equals("POST") ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json");
        if (orgId != null) b.header("X-Scope-OrgID", orgId);
        HttpResponse<byte[]> r = TestServer.send(server.base, b);
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    }
}

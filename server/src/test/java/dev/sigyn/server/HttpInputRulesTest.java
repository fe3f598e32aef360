package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Smaller input rules: long POSTed query forms, org ids as sent, who may read /metrics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpInputRulesTest {
    private static final long T0 = 1_793_491_200_000_000_000L; // 2026-11-01T00:00:00Z

    @TempDir
    static Path dataDir;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
        String body = "{\"streams\":[{\"stream\":{\"app\":\"form\"},\"values\":[[\"" + T0 + "\",\"needle\"]]}]}";
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", "acme", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> new String(r.body()));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aQueryFormPostedOver8KbIsAnsweredAsAGetWouldBe() throws Exception {
        // 20 KB of alternatives: longer than Vert.x's default form field limit (8 KB), within a GET's 64 KB line
        StringBuilder query = new StringBuilder("{app=\"form\"} |~ \"needle");
        while (query.length() < 20_000) query.append("|x").append(query.length());
        query.append('"');
        String form = "query=" + URLEncoder.encode(query.toString(), StandardCharsets.UTF_8) + "&start=" + T0 + "&end="
                + (T0 + 3_600_000_000_000L);

        HttpResponse<byte[]> r = server.post("/loki/api/v1/query_range", "acme", form.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        JsonNode result = Conformance.JSON.readTree(r.body()).path("data").path("result");
        assertEquals("needle", result.get(0).get("values").get(0).get(1).asText());
    }

    @Test
    void aQueryFormLargerThanAnyQueryNeedsIsRefusedBeforeItIsBuffered() throws Exception {
        byte[] form = ("query=" + "x".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = server.post("/loki/api/v1/query_range", "acme", form,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertEquals(413, r.statusCode(), () -> new String(r.body()));
    }

    @Test
    void anOrgIdWithWhitespaceAroundItIsRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            // A space or tab around a header value is not part of it (RFC 9110) and the HTTP parser refuses control
            // characters; other whitespace, such as a no-break space, reaches the tenant rules.
            s.getOutputStream().write(("GET /loki/api/v1/labels HTTP/1.1\r\nHost: sigyn\r\nX-Scope-OrgID: \u00a0acme\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

            String answer = RawHttp.readAnswer(s, Duration.ofSeconds(30));

            assertNotNull(answer);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.endsWith("tenant ID '\u00a0acme' has leading or trailing whitespace\n"), answer);
        }
    }

    @Test
    void withAuthEnabledMetricsNeedAnOrgId() throws Exception {
        HttpResponse<byte[]> anonymous = server.get("/metrics", null);
        HttpResponse<byte[]> tenant = server.get("/metrics", "acme");

        assertEquals(401, anonymous.statusCode());
        assertEquals("no org id\n", new String(anonymous.body(), StandardCharsets.UTF_8));
        assertEquals(200, tenant.statusCode());
        assertTrue(new String(tenant.body(), StandardCharsets.UTF_8).contains("sigyn_distributor_inflight_bytes"));
        assertEquals(200, server.get("/ready", null).statusCode());
    }

    @Test
    void withAuthDisabledMetricsStayOpen(@TempDir Path otherDir) throws Exception {
        SigynConfig open = TestServer.conformanceConfig(otherDir).withAuthEnabled(false);
        try (TestServer single = TestServer.start(open)) {
            assertEquals(200, single.get("/metrics", null).statusCode());
        }
    }
}

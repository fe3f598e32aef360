package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.config.AuthConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.sigyn.server.AuthenticationTest.basic;
import static dev.sigyn.server.AuthenticationTest.grant;
import static dev.sigyn.server.AuthenticationTest.token;
import static dev.sigyn.server.AuthenticationTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grants with stream selectors, through the authentication gate: a credential granted {@code {namespace="shop"}}
 * sees only those streams of its tenant, whatever header it sends; deletes stay within them; a credential granted two
 * tenants reads both at once with Loki's {@code a|b} and {@code __tenant_id__}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantSelectorsTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String TOKEN = "pusher-7d1e";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private TestServer server;
    private long now;

    @BeforeAll
    void start() throws Exception {
        AuthConfig auth = AuthConfig.defaults()
                .withUsers(List.of(
                        user("shopkeeper", new AuthConfig.Grant("acme", List.of("read", "delete"),
                                List.of("{namespace=\"shop\"}"))),
                        user("auditor", grant("acme", "read"), grant("beta", "read"))))
                .withTokens(List.of(token("pusher", TOKEN, grant("*", "push"))));
        server = TestServer.start(TestServer.conformanceConfig(dir).withAuth(auth));
        now = System.currentTimeMillis() * 1_000_000L;
        push("acme", "shop", "sold a lamp");
        push("acme", "bank", "moved money for account 42");
        push("beta", "shop", "beta's shop line");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private void push(String tenant, String namespace, String line) throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"namespace\":\"" + namespace + "\"},\"values\":[[\"" + now + "\",\""
                + line + "\"]]}]}";
        var r = server.post("/loki/api/v1/push", tenant, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN));
        assertEquals(204, r.statusCode(), new String(r.body()));
    }

    private HttpResponse<byte[]> get(String path, String user, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path))
                .header("Authorization", basic(user, PASSWORD));
        headers.forEach(b::header);
        return TestServer.send(server.base, b);
    }

    private String range(String query) {
        return "/loki/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start="
                + (now - 3_600_000_000_000L) + "&end=" + (now + 120_000_000_000L) + "&step=60";
    }

    @Test
    void aGrantWithSelectorsSeesOnlyItsStreamsWhateverItAsks() throws Exception {
        String all = new String(get(range("{namespace=~\".+\"} | label_format namespace=\"shop\""), "shopkeeper",
                Map.of()).body());
        assertTrue(all.contains("sold a lamp") && !all.contains("account 42"), all);
        var values = JSON.readTree(get("/loki/api/v1/label/namespace/values", "shopkeeper", Map.of()).body());
        assertEquals(Set.of("shop"), strings(values.get("data")));
        // A client cannot lift its restriction with the header the gate sets.
        String forged = new String(get(range("{namespace=\"bank\"}"), "shopkeeper",
                Map.of("X-Sigyn-Stream-Access", "{}")).body());
        assertTrue(!forged.contains("account 42"), forged);
        var unrestricted = JSON.readTree(get("/loki/api/v1/label/namespace/values", "auditor",
                Map.of("X-Scope-OrgID", "acme")).body());
        assertEquals(Set.of("bank", "shop"), strings(unrestricted.get("data")));
    }

    @Test
    void deletesThroughAGrantWithSelectorsStayWithinThem() throws Exception {
        HttpRequest.Builder outside = HttpRequest.newBuilder(URI.create(server.base + "/loki/api/v1/delete?query="
                        + URLEncoder.encode("{namespace=\"bank\"}", StandardCharsets.UTF_8) + "&start=1700000000"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", basic("shopkeeper", PASSWORD));
        assertEquals(403, TestServer.send(server.base, outside).statusCode());
        HttpRequest.Builder inside = HttpRequest.newBuilder(URI.create(server.base + "/loki/api/v1/delete?query="
                        + URLEncoder.encode("{namespace=\"shop\"}", StandardCharsets.UTF_8) + "&start=1700000000"
                        + "&end=1700000100"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", basic("shopkeeper", PASSWORD));
        assertEquals(204, TestServer.send(server.base, inside).statusCode());
    }

    @Test
    void aCredentialOfTwoTenantsReadsBothAtOnce() throws Exception {
        var both = get(range("sum by (__tenant_id__) (count_over_time({namespace=\"shop\"}[1h]))"), "auditor",
                Map.of("X-Scope-OrgID", "acme|beta"));
        assertEquals(200, both.statusCode(), new String(both.body()));
        Set<String> tenants = new TreeSet<>();
        for (JsonNode series : JSON.readTree(both.body()).at("/data/result")) {
            tenants.add(series.at("/metric/__tenant_id__").asText());
        }
        assertEquals(Set.of("acme", "beta"), tenants, new String(both.body()));
        assertEquals(403, get(range("{namespace=\"shop\"}"), "shopkeeper", Map.of("X-Scope-OrgID", "acme|beta"))
                .statusCode(), "every tenant named must be granted");
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        if (array != null) array.forEach(v -> out.add(v.asText()));
        return out;
    }
}

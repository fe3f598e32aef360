package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.CacheConfig;
import dev.sigyn.config.SigynConfig;
import io.vertx.core.Vertx;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Label-based access control on a real server: a request whose {@code X-Sigyn-Stream-Access} restricts tenant acme to
 * {@code {namespace="shop"}} sees only shop's streams on every read route (and the same request without the header
 * sees the bank's too), a pipeline cannot bring a hidden stream back, deletes stay within the grant, and multi-tenant
 * reads ({@code acme|other}) answer each stream with its {@code __tenant_id__}.
 *
 * <p>The bank's stream carries a secret in its lines ({@link #SECRET}), in a label only it has ({@code vault}), and in
 * a logfmt field only its lines have ({@code iban}): none of them may show in a restricted answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelAccessTest {
    private static final String SECRET = "4111111111111111";
    private static final String SHOP_ONLY = "{\"acme\":[\"{namespace=\\\"shop\\\"}\"]}";
    /** Two grant selectors that overlap on {namespace="shop",app="web"}: each stream must come once. */
    private static final String TWO_GRANTS = "{\"acme\":[\"{namespace=\\\"shop\\\"}\",\"{app=\\\"web\\\",namespace!=\\\"bank\\\"}\"]}";

    @TempDir
    static Path dataDir;
    private TestServer server;
    private Vertx vertx;
    /** The lines' time: two hours ago, so that metric splits over it are old enough to be cached. */
    private long t0;
    private long start;
    private long end;

    @BeforeAll
    void startAndPush() throws Exception {
        SigynConfig base = TestServer.conformanceConfig(dataDir);
        SigynConfig config = base.withQuerier(base.querier().withMultiTenantQueriesEnabled(true))
                .withCaches(new CacheConfig(base.caches().chunkCacheMb(), base.caches().indexCacheMb(), true, 16));
        server = TestServer.start(config);
        vertx = Vertx.vertx();
        long now = System.currentTimeMillis() * 1_000_000L;
        t0 = now - Duration.ofHours(2).toNanos();
        start = t0 - Duration.ofMinutes(30).toNanos();
        end = t0 + Duration.ofMinutes(30).toNanos();
        push("acme", "{\"namespace\":\"shop\",\"app\":\"web\"}", "level=info msg=\"order placed\" item=hat");
        push("acme", "{\"namespace\":\"shop\",\"app\":\"db\"}", "level=warn msg=\"slow query\" table=orders");
        push("acme", "{\"namespace\":\"bank\",\"app\":\"web\",\"vault\":\"gold\"}",
                "level=info msg=\"payment\" namespace=shop iban=" + SECRET);
        push("other", "{\"namespace\":\"shop\",\"app\":\"web\"}", "level=info msg=\"other tenant\"");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
        if (vertx != null) vertx.close();
    }

    private void push(String tenant, String labels, String line) throws Exception {
        String body = "{\"streams\":[{\"stream\":" + labels + ",\"values\":[[\"" + t0 + "\",\"" + line.replace("\"", "\\\"")
                + "\"]]}]}";
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", tenant, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> new String(r.body()));
    }

    // ---- requests ----

    private record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return Conformance.JSON.readTree(body);
        }
    }

    private Answer get(String path, String orgId, String access, String... params) throws Exception {
        StringBuilder uri = new StringBuilder(path);
        for (int i = 0; i < params.length; i += 2) {
            uri.append(i == 0 ? '?' : '&').append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + uri)).timeout(Duration.ofSeconds(60)).GET();
        if (orgId != null) b.header("X-Scope-OrgID", orgId);
        if (access != null) b.header("X-Sigyn-Stream-Access", access);
        HttpResponse<byte[]> r = TestServer.send(server.base, b);
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    }

    /** A read of acme as the restricted request and as the unrestricted one: both must succeed. */
    private Answer[] both(String path, String... params) throws Exception {
        Answer restricted = get(path, "acme", SHOP_ONLY, params);
        Answer whole = get(path, "acme", null, params);
        assertEquals(200, restricted.status(), restricted.body());
        assertEquals(200, whole.status(), whole.body());
        return new Answer[]{restricted, whole};
    }

    private String[] range(String query) {
        return new String[]{"query", query, "start", Long.toString(start), "end", Long.toString(end)};
    }

    private static String[] plus(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The restricted answer never names the bank; the unrestricted one does (so the check can fail). */
    private static void onlyShop(Answer[] answers, String bankMark) {
        assertFalse(answers[0].body().contains(bankMark), answers[0].body());
        assertFalse(answers[0].body().contains(SECRET), answers[0].body());
        assertTrue(answers[1].body().contains(bankMark), answers[1].body());
    }

    // ---- every read route ----

    @Test
    void logQueriesSeeOnlyTheGrantedStreams() throws Exception {
        onlyShop(both("/loki/api/v1/query_range", range("{app=\"web\"}")), "bank");
        // An instant log query looks back querier.engine.max_look_back_period (30 s) from its time.
        onlyShop(both("/loki/api/v1/query", "query", "{app=\"web\"}", "time", Long.toString(t0 + 1_000_000),
                "limit", "100"), "bank");
        onlyShop(both("/api/prom/query", range("{app=\"web\"}")), "bank");
        Answer[] shop = both("/loki/api/v1/query_range", range("{app=\"web\"}"));
        assertTrue(shop[0].body().contains("order placed"), shop[0].body());
    }

    @Test
    void metricQueriesCountOnlyTheGrantedStreams() throws Exception {
        String metric = "sum by (namespace) (count_over_time({app=~\".+\"}[1h]))";
        onlyShop(both("/loki/api/v1/query_range", plus(range(metric), "step", "600")), "bank");
        onlyShop(both("/loki/api/v1/query", "query", metric, "time", Long.toString(end)), "bank");
        JsonNode result = get("/loki/api/v1/query", "acme", SHOP_ONLY, "query",
                "sum(count_over_time({app=~\".+\"}[1h]))", "time", Long.toString(end)).json().get("data").get("result");
        assertEquals(2, result.get(0).get("value").get(1).asInt(), result::toString);
    }

    @Test
    void labelsValuesAndSeriesShowOnlyTheGrantedStreams() throws Exception {
        String[] when = {"start", Long.toString(start), "end", Long.toString(end)};
        onlyShop(both("/loki/api/v1/labels", when), "vault");
        onlyShop(both("/loki/api/v1/label", when), "vault");
        onlyShop(both("/api/prom/label", when), "vault");
        onlyShop(both("/loki/api/v1/label/namespace/values", when), "bank");
        onlyShop(both("/api/prom/label/namespace/values", when), "bank");
        onlyShop(both("/loki/api/v1/series", plus(when, "match[]", "{app=~\".+\"}")), "bank");
        onlyShop(both("/api/prom/series", plus(when, "match[]", "{app=~\".+\"}")), "bank");
    }

    @Test
    void indexStatsAndVolumeCountOnlyTheGrantedStreams() throws Exception {
        Answer[] stats = both("/loki/api/v1/index/stats", range("{app=~\".+\"}"));
        assertEquals(2, stats[0].json().get("streams").asInt(), stats[0].body());
        assertEquals(3, stats[1].json().get("streams").asInt(), stats[1].body());
        onlyShop(both("/loki/api/v1/index/volume", plus(range("{app=~\".+\"}"), "targetLabels", "namespace")), "bank");
        onlyShop(both("/loki/api/v1/index/volume_range",
                plus(range("{app=~\".+\"}"), "targetLabels", "namespace", "step", "600")), "bank");
    }

    @Test
    void drilldownCallsSeeOnlyTheGrantedStreams() throws Exception {
        onlyShop(both("/loki/api/v1/detected_fields", range("{app=~\".+\"}")), "iban");
        onlyShop(both("/loki/api/v1/detected_field/iban/values", range("{app=~\".+\"}")), SECRET);
        onlyShop(both("/loki/api/v1/detected_labels", range("{app=~\".+\"}")), "vault");
        onlyShop(both("/loki/api/v1/patterns", plus(range("{app=\"web\"}"), "step", "60s")), "payment");
    }

    @Test
    void aTailSendsOnlyTheGrantedStreamsPastLines() throws Exception {
        String uri = "/loki/api/v1/tail?query=" + URLEncoder.encode("{app=\"web\"}", StandardCharsets.UTF_8)
                + "&start=" + start + "&limit=100";
        assertTrue(tailHistory(uri, null).contains("payment"), "the unrestricted tail sees the bank");
        String restricted = tailHistory(uri, SHOP_ONLY);
        assertTrue(restricted.contains("order placed"), restricted);
        assertFalse(restricted.contains("payment") || restricted.contains(SECRET), restricted);
    }

    private String tailHistory(String uri, String access) throws Exception {
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient();
        io.vertx.core.http.WebSocketConnectOptions options = new io.vertx.core.http.WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(server.server.port()).setURI(uri).addHeader("X-Scope-OrgID", "acme");
        if (access != null) options.addHeader("X-Sigyn-Stream-Access", access);
        java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();
        try {
            io.vertx.core.http.WebSocket socket = client.connect(options).toCompletionStage().toCompletableFuture()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            socket.textMessageHandler(first::complete);
            String frame = first.get(10, java.util.concurrent.TimeUnit.SECONDS);
            socket.close();
            return frame;
        } finally {
            client.close();
        }
    }

    // ---- bypass attempts ----

    @Test
    void aPipelineCannotMakeAHiddenStreamVisible() throws Exception {
        for (String query : List.of(
                "{app=\"web\"} | label_format namespace=\"shop\"",
                "{app=\"web\"} | logfmt | namespace=\"shop\"",
                "{app=\"web\"} | logfmt | drop namespace | line_format \"{{.iban}}\"",
                "{vault=\"gold\"}",
                "{namespace=\"bank\"}",
                "{namespace=~\"shop|bank\"} |= \"" + SECRET + "\"")) {
            Answer r = get("/loki/api/v1/query_range", "acme", SHOP_ONLY, range(query));
            assertEquals(200, r.status(), r.body());
            assertFalse(r.body().contains(SECRET) || r.body().contains("payment"), query + " → " + r.body());
        }
        Answer metric = get("/loki/api/v1/query", "acme", SHOP_ONLY, "query",
                "sum(count_over_time({app=\"web\"} | label_format namespace=\"shop\" [1h]))", "time", Long.toString(end));
        assertEquals(1, metric.json().get("data").get("result").get(0).get("value").get(1).asInt(), metric.body());
    }

    @Test
    void overlappingGrantSelectorsShowEachStreamOnce() throws Exception {
        Answer r = get("/loki/api/v1/query", "acme", TWO_GRANTS, "query", "sum(count_over_time({app=~\".+\"}[1h]))",
                "time", Long.toString(end));
        assertEquals(2, r.json().get("data").get("result").get(0).get("value").get(1).asInt(), r.body());
        Answer lines = get("/loki/api/v1/query_range", "acme", TWO_GRANTS, range("{app=~\".+\"} | logfmt"));
        assertEquals(2, lines.json().get("data").get("result").size(), lines.body());
        assertFalse(lines.body().contains(SECRET), lines.body());
    }

    @Test
    void theResultsCacheDoesNotLeakBetweenRestrictedAndWholeReads() throws Exception {
        String metric = "sum by (namespace) (count_over_time({app=~\".+\"}[10m]))";
        String[] params = {"query", metric, "start", Long.toString(start - Duration.ofHours(2).toNanos()),
                "end", Long.toString(end), "step", "60"};
        Answer wholeFirst = get("/loki/api/v1/query_range", "acme", null, params);
        Answer restricted = get("/loki/api/v1/query_range", "acme", SHOP_ONLY, params);
        Answer wholeAgain = get("/loki/api/v1/query_range", "acme", null, params);
        assertTrue(wholeFirst.body().contains("bank"), wholeFirst.body());
        assertFalse(restricted.body().contains("bank"), restricted.body());
        assertTrue(restricted.body().contains("shop"), restricted.body());
        assertTrue(wholeAgain.body().contains("bank"), wholeAgain.body());
    }

    // ---- the header's errors ----

    @Test
    void anInvalidAccessHeaderIsABadRequestNamingTheProblem() throws Exception {
        Answer badJson = get("/loki/api/v1/labels", "acme", "{acme:", new String[0]);
        assertEquals(400, badJson.status());
        assertTrue(badJson.body().contains("X-Sigyn-Stream-Access is not valid JSON"), badJson.body());
        Answer notAList = get("/loki/api/v1/labels", "acme", "{\"acme\":\"{a=\\\"b\\\"}\"}");
        assertEquals(400, notAList.status());
        assertTrue(notAList.body().contains("must be a list of strings"), notAList.body());
        Answer badSelector = get("/loki/api/v1/query_range", "acme", "{\"acme\":[\"{namespace=shop}\"]}",
                range("{app=\"web\"}"));
        assertEquals(400, badSelector.status());
        assertTrue(badSelector.body().contains("invalid X-Sigyn-Stream-Access selector for tenant 'acme'"),
                badSelector.body());
    }

    @Test
    void anotherTenantsRestrictionDoesNotNarrowThisOne() throws Exception {
        Answer r = get("/loki/api/v1/label/namespace/values", "acme", "{\"other\":[\"{namespace=\\\"none\\\"}\"]}",
                "start", Long.toString(start), "end", Long.toString(end));
        assertTrue(r.body().contains("bank") && r.body().contains("shop"), r.body());
    }

    // ---- deletes ----

    @Test
    void aRestrictedDeleteMustLieWithinTheGrant() throws Exception {
        String past = Long.toString(t0 / 1_000_000_000L - 60);
        Answer outside = delete("{app=\"web\"}", past);
        assertEquals(403, outside.status(), outside.body());
        assertTrue(outside.body().contains("delete request outside the streams"), outside.body());
        assertEquals(403, delete("{namespace=~\"shop\", app=\"db\"}", past).status());
        Answer within = delete("{namespace=\"shop\", app=\"nothing-here\"} |= \"never\"", past);
        assertEquals(204, within.status(), within.body());
        Answer listed = get("/loki/api/v1/delete", "acme", SHOP_ONLY);
        assertEquals(200, listed.status(), listed.body());
        assertTrue(listed.body().contains("nothing-here"), listed.body());
    }

    private Answer delete(String query, String startSeconds) throws Exception {
        String uri = "/loki/api/v1/delete?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start="
                + startSeconds + "&end=" + (Long.parseLong(startSeconds) + 30);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + uri)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Scope-OrgID", "acme")
                .header("X-Sigyn-Stream-Access", SHOP_ONLY);
        HttpResponse<byte[]> r = TestServer.send(server.base, b);
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    }

    // ---- multi-tenant reads ----

    @Test
    void aMultiTenantQueryLabelsEachStreamWithItsTenant() throws Exception {
        JsonNode streams = get("/loki/api/v1/query_range", "acme|other", null, range("{app=\"web\"}"))
                .json().get("data").get("result");
        List<String> tenants = new ArrayList<>();
        for (JsonNode s : streams) tenants.add(s.get("stream").get("__tenant_id__").asText());
        tenants.sort(null);
        assertEquals(List.of("acme", "acme", "other"), tenants, streams::toString);

        JsonNode onlyOther = get("/loki/api/v1/query_range", "acme|other", null,
                range("{__tenant_id__=\"other\", app=\"web\"}")).json().get("data").get("result");
        assertEquals(1, onlyOther.size(), onlyOther::toString);
        assertEquals("other", onlyOther.get(0).get("stream").get("__tenant_id__").asText());

        JsonNode counts = get("/loki/api/v1/query", "acme|other", null, "query",
                "sum by (__tenant_id__) (count_over_time({app=~\".+\"}[1h]))", "time", Long.toString(end))
                .json().get("data").get("result");
        assertEquals(2, counts.size(), counts::toString);
        for (JsonNode c : counts) {
            int expected = c.get("metric").get("__tenant_id__").asText().equals("acme") ? 3 : 1;
            assertEquals(expected, c.get("value").get(1).asInt(), counts::toString);
        }
    }

    @Test
    void multiTenantLabelsSeriesAndStatsSpanTheTenants() throws Exception {
        String[] when = {"start", Long.toString(start), "end", Long.toString(end)};
        Answer labels = get("/loki/api/v1/labels", "acme|other", null, when);
        assertTrue(labels.body().contains("__tenant_id__"), labels.body());
        Answer values = get("/loki/api/v1/label/__tenant_id__/values", "other|acme", null, when);
        assertEquals(List.of("acme", "other"), texts(values.json().get("data")), values.body());
        JsonNode series = get("/loki/api/v1/series", "acme|other", null, plus(when, "match[]", "{app=\"web\"}"))
                .json().get("data");
        assertEquals(3, series.size(), series::toString);
        for (JsonNode s : series) assertNotNull(s.get("__tenant_id__"), series::toString);
        Answer stats = get("/loki/api/v1/index/stats", "acme|other", null, range("{app=~\".+\"}"));
        assertEquals(4, stats.json().get("streams").asInt(), stats.body());
    }

    @Test
    void aMultiTenantReadHonoursEachTenantsRestriction() throws Exception {
        Answer r = get("/loki/api/v1/query_range", "acme|other", SHOP_ONLY, range("{app=\"web\"}"));
        assertEquals(2, r.json().get("data").get("result").size(), r.body());
        assertFalse(r.body().contains(SECRET), r.body());
    }

    @Test
    void pushesAndDeletesStillRefuseSeveralTenants() throws Exception {
        HttpResponse<byte[]> push = server.post("/loki/api/v1/push", "acme|other",
                "{\"streams\":[]}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertEquals(400, push.statusCode());
        assertEquals(400, get("/loki/api/v1/delete", "acme|other", null).status());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }
}

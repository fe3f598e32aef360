package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays the requests of ../shared/design/grafana-contract.md against a running server, with the parameters and
 * headers Grafana's Loki datasource and Logs Drilldown send, and checks each answer the way Grafana parses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaContractTest {
    private static final String TENANT = "grafana";
    /** Headers Grafana's backend adds to data queries; servers must ignore the ones they do not know. */
    private static final Map<String, String> QUERY_HEADERS = Map.of(
            "X-Loki-Response-Encoding-Flags", "categorize-labels",
            "X-Query-Tags", "Source=grafana-lokiexplore-app",
            "X-Grafana-Org-Id", "1",
            "X-Dashboard-Uid", "logs-overview",
            "X-Panel-Id", "3",
            "X-Datasource-Uid", "sigyn",
            "X-Query-Group-Id", "0a8c3d1e-5a8f-4a31-9d51-2f7c1b7e9a11");
    private static final Map<String, String> METADATA_HEADERS = Map.of("X-Grafana-Org-Id", "1");
    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    static Path dataDir;
    private TestServer server;
    /** The pushed lines are within the last minutes, as Grafana's default ranges and Drilldown expect. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Instant first = now.minus(Duration.ofMinutes(5));

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
        long t = nanos(first);
        String body = "{\"streams\":["
                + "{\"stream\":{\"service_name\":\"checkout\",\"cluster\":\"eu-1\"},\"values\":["
                + "[\"" + t + "\",\"{\\\"level\\\":\\\"info\\\",\\\"user\\\":{\\\"id\\\":7},\\\"msg\\\":\\\"paid\\\"}\",{\"trace_id\":\"abc\"}],"
                + "[\"" + (t + 1_000_000_000L) + "\",\"{\\\"level\\\":\\\"error\\\",\\\"user\\\":{\\\"id\\\":8},\\\"msg\\\":\\\"declined\\\"}\",{\"trace_id\":\"def\"}]]},"
                + "{\"stream\":{\"service_name\":\"auth\",\"cluster\":\"eu-1\"},\"values\":["
                + "[\"" + (t + 2_000_000_000L) + "\",\"level=warn msg=\\\"failed login\\\" user=ann\"],"
                + "[\"" + (t + 3_000_000_000L) + "\",\"level=info msg=\\\"login\\\" user=bob\"]]}]}";
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", TENANT, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- §2 health check ----

    @Test
    void saveAndTestHealthCheck() throws Exception {
        HttpResponse<byte[]> r = get("/loki/api/v1/query?direction=backward&query=vector%281%29%2Bvector%281%29&time=4000000000",
                QUERY_HEADERS);
        assertEquals(200, r.statusCode(), () -> text(r));
        JsonNode data = json(r).get("data");
        assertEquals("vector", data.get("resultType").asText());
        assertEquals(1, data.get("result").size(), "one frame with one row");
        JsonNode value = data.get("result").get(0).get("value");
        assertTrue(value.get(0).isNumber(), "sample time is a JSON number");
        assertEquals(2.0, Double.parseDouble(value.get(1).asText()));
    }

    // ---- §1.1 query_range ----

    @Test
    void logQueryWithCategorizedLabels() throws Exception {
        JsonNode data = data(get(v1("query_range", "query", "{cluster=\"eu-1\"}", "direction", "backward",
                "limit", "1000", "start", ns(first.minusSeconds(60)), "end", ns(now), "step", "15000ms"), QUERY_HEADERS));
        assertEquals(List.of("resultType", "encodingFlags", "result", "stats"), names(data));
        assertEquals("streams", data.get("resultType").asText());
        assertEquals("[\"categorize-labels\"]", data.get("encodingFlags").toString());
        Map<String, JsonNode> byService = new HashMap<>();
        for (JsonNode stream : data.get("result")) {
            assertEquals(List.of("stream", "values"), names(stream));
            byService.put(stream.get("stream").get("service_name").asText(), stream);
            for (JsonNode entry : stream.get("values")) {
                assertEquals(3, entry.size(), "every entry is [ns, line, {…}]: " + entry);
                assertTrue(entry.get(0).isTextual() && entry.get(0).asText().matches("\\d{19}"));
                for (String part : names(entry.get(2))) assertTrue(List.of("structuredMetadata", "parsed").contains(part));
            }
        }
        JsonNode checkout = byService.get("checkout");
        assertEquals("{\"cluster\":\"eu-1\",\"service_name\":\"checkout\"}", checkout.get("stream").toString(),
                "streams are keyed by their indexed labels only");
        assertEquals("def", checkout.get("values").get(0).get(2).get("structuredMetadata").get("trace_id").asText());
        JsonNode auth = byService.get("auth").get("values").get(0).get(2);
        assertFalse(auth.has("structuredMetadata") && auth.get("structuredMetadata").has("trace_id"));
        JsonNode summary = data.get("stats").get("summary");
        for (String f : List.of("bytesProcessedPerSecond", "linesProcessedPerSecond", "totalBytesProcessed",
                "totalLinesProcessed", "execTime")) {
            assertTrue(summary.get(f).isNumber(), f);
        }
    }

    @Test
    void parsedLabelsAndMetadataFilters() throws Exception {
        JsonNode data = data(get(v1("query_range", "query", "{service_name=\"checkout\"} | json | trace_id=\"abc\"",
                "direction", "backward", "limit", "1000", "start", ns(first.minusSeconds(60)), "end", ns(now),
                "step", "15000ms"), QUERY_HEADERS));
        JsonNode values = data.get("result").get(0).get("values");
        assertEquals(1, values.size());
        JsonNode categories = values.get(0).get(2);
        assertEquals("abc", categories.get("structuredMetadata").get("trace_id").asText());
        assertFalse(categories.get("parsed").has("trace_id"), "metadata is not reported as parsed");
        assertEquals("info", categories.get("parsed").get("level").asText());
        assertEquals("7", categories.get("parsed").get("user_id").asText());
    }

    @Test
    void logVolumeHistogramIsAMatrix() throws Exception {
        JsonNode data = data(get(v1("query_range", "query",
                "sum by (level, detected_level) (count_over_time({cluster=\"eu-1\"} | drop __error__[15s]))",
                "direction", "backward", "start", ns(first.minusSeconds(60)), "end", ns(now), "step", "15000ms"),
                Map.of("X-Loki-Response-Encoding-Flags", "categorize-labels", "X-Query-Tags", "Source=logvolhist")));
        assertEquals("matrix", data.get("resultType").asText());
        assertFalse(data.get("result").isEmpty());
        double total = 0;
        for (JsonNode series : data.get("result")) {
            for (JsonNode point : series.get("values")) {
                assertTrue(point.get(0).isNumber());
                assertTrue(point.get(1).isTextual());
                total += Double.parseDouble(point.get(1).asText());
            }
        }
        assertEquals(4, total, 1e-9, "every pushed line counted once");
    }

    // ---- §1.2 and §3: instant queries of alerts ----

    @Test
    void instantMetricQueryOfAnAlert() throws Exception {
        JsonNode data = data(get(v1("query", "query", "sum(count_over_time({service_name=\"auth\"} |= \"failed\" [10m]))",
                "time", ns(now), "direction", "backward"), QUERY_HEADERS));
        assertEquals("vector", data.get("resultType").asText());
        JsonNode value = data.get("result").get(0).get("value");
        assertEquals(now.getEpochSecond(), value.get(0).asLong());
        assertEquals("1", value.get(1).asText());
    }

    // ---- §1.3 metadata ----

    @Test
    void labelsLabelValuesAndSeriesWithSelectors() throws Exception {
        String start = nsMillis(first.minusSeconds(60)), end = nsMillis(now);
        JsonNode labels = json(get(v1("labels", "start", start, "end", end, "query", "{service_name=\"auth\"}"), METADATA_HEADERS));
        assertEquals("success", labels.get("status").asText());
        assertEquals("[\"cluster\",\"service_name\"]", labels.get("data").toString());
        JsonNode values = json(get(v1("label/service_name/values", "start", start, "end", end), METADATA_HEADERS));
        assertEquals("[\"auth\",\"checkout\"]", values.get("data").toString());
        JsonNode series = json(get(v1("series", "match[]", "{service_name=\"checkout\"}", "start", start, "end", end),
                METADATA_HEADERS));
        assertEquals("[{\"cluster\":\"eu-1\",\"service_name\":\"checkout\"}]", series.get("data").toString());
    }

    @Test
    void indexStatsAnswersTheUnwrappedBody() throws Exception {
        JsonNode stats = json(get(v1("index/stats", "query", "{cluster=\"eu-1\"}", "start", nsMillis(first.minusSeconds(60)),
                "end", nsMillis(now)), METADATA_HEADERS));
        assertEquals(List.of("streams", "chunks", "bytes", "entries"), names(stats));
        assertEquals(2, stats.get("streams").asInt());
        assertEquals(4, stats.get("entries").asInt());
        assertTrue(stats.get("bytes").asLong() > 0 && stats.get("chunks").asLong() > 0);
    }

    @Test
    void detectedFieldsAndTheirValues() throws Exception {
        JsonNode body = json(get(v1("detected_fields", "query", "{cluster=\"eu-1\"}", "start", nsMillis(first.minusSeconds(60)),
                "end", nsMillis(now), "limit", "1000"), METADATA_HEADERS));
        assertFalse(body.has("data"), "no data wrapper");
        assertEquals(1000, body.get("limit").asInt());
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (JsonNode f : body.get("fields")) fields.put(f.get("label").asText(), f);
        assertTrue(fields.get("trace_id").get("parsers").isNull(), "structured metadata: parsers null");
        assertEquals("[\"user\",\"id\"]", fields.get("user_id").get("jsonPath").toString());
        assertEquals("int", fields.get("user_id").get("type").asText());
        assertEquals(3, fields.get("level").get("cardinality").asInt());

        JsonNode values = json(get(v1("detected_field/level/values", "start", nsMillis(first.minusSeconds(60)),
                "end", nsMillis(now), "limit", "1000", "query", "{cluster=\"eu-1\"}"), METADATA_HEADERS));
        assertEquals("[\"error\",\"info\",\"warn\"]", values.get("values").toString());
        assertEquals(1000, values.get("limit").asInt());
    }

    // ---- §1.4 Logs Drilldown (RFC3339 times with milliseconds) ----

    @Test
    void drilldownVolumeByService() throws Exception {
        JsonNode data = data(get(v1("index/volume", "query", "{service_name=~\".+\"}", "start", rfc3339(first.minusSeconds(60)),
                "end", rfc3339(now), "limit", "5000"), METADATA_HEADERS));
        assertEquals("vector", data.get("resultType").asText());
        List<String> services = new ArrayList<>();
        for (JsonNode r : data.get("result")) {
            services.add(r.get("metric").get("service_name").asText());
            assertTrue(r.get("value").get(0).isNumber());
            assertTrue(Long.parseLong(r.get("value").get(1).asText()) > 0);
        }
        assertEquals(List.of("checkout", "auth"), services, "largest volume first");
    }

    @Test
    void drilldownVolumeRangeIsAMatrix() throws Exception {
        JsonNode data = data(get(v1("index/volume_range", "query", "{service_name=~\".+\"}",
                "start", rfc3339(first.minusSeconds(60)), "end", rfc3339(now), "step", "1m"), METADATA_HEADERS));
        assertTrue(List.of("matrix", "vector").contains(data.get("resultType").asText()));
        assertEquals(2, data.get("result").size());
    }

    @Test
    void drilldownDetectedLabelsWithAnEmptyQuery() throws Exception {
        JsonNode body = json(get(v1("detected_labels", "query", "", "start", rfc3339(first.minusSeconds(60)),
                "end", rfc3339(now)), METADATA_HEADERS));
        Map<String, Integer> labels = new HashMap<>();
        for (JsonNode l : body.get("detectedLabels")) labels.put(l.get("label").asText(), l.get("cardinality").asInt());
        assertEquals(Map.of("cluster", 1, "service_name", 2), labels);
    }

    @Test
    void drilldownLimits() throws Exception {
        JsonNode body = json(get("/loki/api/v1/drilldown-limits", METADATA_HEADERS));
        assertTrue(body.get("limits").isObject());
        assertTrue(body.get("pattern_ingester_enabled").isBoolean());
        assertTrue(body.get("version").isTextual());
    }

    // ---- §1.4 patterns ----

    @Test
    void drilldownPatternsHaveNumericSamples() throws Exception {
        JsonNode body = json(get(v1("patterns", "query", "{service_name=\"auth\"}", "start",
                rfc3339(first.minusSeconds(60)), "end", rfc3339(now), "step", "1m"), METADATA_HEADERS));
        assertEquals("success", body.get("status").asText());
        JsonNode data = body.get("data");
        assertTrue(data.isArray() && !data.isEmpty(), body.toString());
        long total = 0;
        for (JsonNode p : data) {
            assertTrue(p.get("pattern").isTextual());
            for (JsonNode sample : p.get("samples")) {
                assertTrue(sample.get(0).isIntegralNumber(), "timestamp as a JSON number: " + sample);
                assertTrue(sample.get(1).isIntegralNumber(), "count as a JSON number: " + sample);
                total += sample.get(1).asLong();
            }
        }
        assertEquals(2, total, "every auth line counted once: " + body);
    }

    // ---- §4 Loki-managed rules: Sigyn has no ruler yet, so Grafana must see "ruler not enabled" ----

    @Test
    void rulerFeatureDiscoverySaysNoRulerSoGrafanaHidesLokiManagedRules() throws Exception {
        HttpResponse<byte[]> r = get("/api/prom/rules/test/test", METADATA_HEADERS);
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        // Grafana reads a 2xx, or a 404 saying "group does not exist" / "no rule groups found", as "ruler enabled".
        assertEquals(404, r.statusCode(), body);
        assertTrue(!body.contains("group does not exist") && !body.contains("no rule groups found"), body);
        assertEquals(404, get("/prometheus/api/v1/rules", METADATA_HEADERS).statusCode());
    }

    // ---- legacy routes some clients still use ----

    @Test
    void legacyPromRoutes() throws Exception {
        String start = ns(first.minusSeconds(60)), end = ns(now);
        JsonNode query = json(get(path("/api/prom/query", "query", "{service_name=\"auth\"}", "start", start, "end", end),
                METADATA_HEADERS));
        assertEquals(2, query.get("streams").get(0).get("entries").size());
        assertTrue(query.get("streams").get(0).get("labels").isTextual());
        JsonNode label = json(get(path("/api/prom/label", "start", start, "end", end), METADATA_HEADERS));
        assertEquals("[\"cluster\",\"service_name\"]", label.get("values").toString());
        JsonNode values = json(get(path("/api/prom/label/service_name/values", "start", start, "end", end), METADATA_HEADERS));
        assertEquals("[\"auth\",\"checkout\"]", values.get("values").toString());
        JsonNode series = json(get(path("/api/prom/series", "match[]", "{cluster=\"eu-1\"}", "start", start, "end", end),
                METADATA_HEADERS));
        assertEquals(2, series.get("data").size());
    }

    // ---- plumbing ----

    private HttpResponse<byte[]> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).GET().header("X-Scope-OrgID", TENANT);
        headers.forEach(b::header);
        return TestServer.send(server.base, b);
    }

    private static String v1(String endpoint, String... params) {
        return path("/loki/api/v1/" + endpoint, params);
    }

    private static String path(String path, String... params) {
        StringBuilder sb = new StringBuilder(path);
        for (int i = 0; i < params.length; i += 2) {
            sb.append(i == 0 ? '?' : '&').append(URLEncoder.encode(params[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        assertEquals(200, r.statusCode(), () -> text(r));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("json"));
        return Conformance.JSON.readTree(r.body());
    }

    /** The {@code data} of a query answer, after the checks Grafana makes on every answer. */
    private static JsonNode data(HttpResponse<byte[]> r) throws Exception {
        JsonNode body = json(r);
        assertEquals("success", body.get("status").asText());
        assertTrue(body.get("data").has("resultType"), "resultType is mandatory");
        return body.get("data");
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String ns(Instant t) {
        return Long.toString(nanos(t));
    }

    /** Grafana's metadata calls: nanoseconds with millisecond precision. */
    private static String nsMillis(Instant t) {
        return Long.toString(t.toEpochMilli() * 1_000_000L);
    }

    /** Drilldown's RFC3339 with milliseconds, e.g. 2026-08-21T12:00:00.000Z. */
    private static String rfc3339(Instant t) {
        return RFC3339_MILLIS.format(t);
    }
}

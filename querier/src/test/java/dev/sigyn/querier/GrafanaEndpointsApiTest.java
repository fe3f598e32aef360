package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calls of Grafana's Loki datasource and Logs Drilldown besides queries: index/stats, volume_range,
 * detected_fields, detected_field values, detected_labels, drilldown-limits, and Loki's legacy /api/prom routes.
 */
class GrafanaEndpointsApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;
    private static final String START = Long.toString(T0), END = Long.toString(T0 + 600 * S);

    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        Labels checkout = Labels.of("service_name", "checkout", "cluster", "eu-1", "pod", "checkout-1");
        Labels api = Labels.of("service_name", "api", "cluster", "eu-1", "pod", "api-1");
        InMemorySource memory = new InMemorySource()
                .add("acme", checkout, T0 + S, "{\"level\":\"info\",\"user\":{\"id\":42},\"took\":\"15ms\",\"size\":\"1.5 KiB\"}",
                        Labels.of("trace_id", "aaa"))
                .add("acme", checkout, T0 + 2 * S, "{\"level\":\"error\",\"user\":{\"id\":43},\"took\":\"2s\",\"size\":\"10 MB\"}",
                        Labels.of("trace_id", "bbb"))
                .add("acme", checkout, T0 + 70 * S, "{\"level\":\"info\",\"user\":{\"id\":44},\"took\":\"1m\",\"size\":\"3 B\"}")
                .add("acme", api, T0 + 3 * S, "level=warn status=200 ok=true ratio=0.5")
                .add("acme", api, T0 + 4 * S, "level=info status=503 ok=false ratio=1.25")
                .add("acme", Labels.of("service_name", "batch", "request_id", "9f1c1a4e-3b7f-4c0e-9d2a-0c6f1e2b3a4d"),
                        T0 + 5 * S, "job done")
                .add("acme", Labels.of("service_name", "batch", "request_id", "17"), T0 + 6 * S, "job done");
        server = new ApiServer(List.of(memory), ApiServer.config(true), Instant.ofEpochSecond(T0 / S + 3600));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthCheckAnswersOneSampleOfValueTwo() throws Exception {
        // Grafana's "Save & test", byte for byte. Loki reads a 10-digit time as seconds (pkg/loghttp parseTimestamp).
        JsonNode data = server.getJson("acme", "/loki/api/v1/query",
                "direction=backward&query=vector%281%29%2Bvector%281%29&time=4000000000",
                "X-Loki-Response-Encoding-Flags", "categorize-labels").get("data");
        assertEquals("vector", data.get("resultType").asText());
        assertEquals(1, data.get("result").size());
        JsonNode value = data.get("result").get(0).get("value");
        assertEquals(4_000_000_000L, value.get(0).asLong());
        assertEquals("2", value.get(1).asText());
    }

    @Test
    void indexStatsIsAnUnwrappedBody() throws Exception {
        HttpResponse<String> r = server.get("acme", "/loki/api/v1/index/stats",
                form("query", "{cluster=\"eu-1\"}", "start", START, "end", END));
        assertEquals(200, r.statusCode());
        JsonNode body = ApiServer.JSON.readTree(r.body());
        assertEquals(List.of("streams", "chunks", "bytes", "entries"), names(body));
        assertEquals(2, body.get("streams").asInt());
        assertEquals(5, body.get("entries").asInt());
        long bytes = 0;
        for (String line : List.of("{\"level\":\"info\",\"user\":{\"id\":42},\"took\":\"15ms\",\"size\":\"1.5 KiB\"}",
                "{\"level\":\"error\",\"user\":{\"id\":43},\"took\":\"2s\",\"size\":\"10 MB\"}",
                "{\"level\":\"info\",\"user\":{\"id\":44},\"took\":\"1m\",\"size\":\"3 B\"}",
                "level=warn status=200 ok=true ratio=0.5", "level=info status=503 ok=false ratio=1.25")) {
            bytes += line.length();
        }
        assertEquals(bytes, body.get("bytes").asLong());
        assertTrue(body.get("chunks").asInt() >= 2);
    }

    @Test
    void volumeRangeAnswersAMatrixOfBucketsAlignedToTheStep() throws Exception {
        JsonNode data = server.getJson("acme", "/loki/api/v1/index/volume_range",
                form("query", "{service_name=~\".+\"}", "start", "2026-11-01T00:00:00.000Z",
                        "end", "2026-11-01T00:02:00.000Z", "step", "1m")).get("data");
        assertEquals("matrix", data.get("resultType").asText());
        Map<String, JsonNode> byService = new HashMap<>();
        for (JsonNode s : data.get("result")) byService.put(s.get("metric").get("service_name").asText(), s.get("values"));
        JsonNode checkout = byService.get("checkout");
        assertEquals(2, checkout.size(), checkout.toString());
        assertEquals(T0 / S + 59.999, checkout.get(0).get(0).asDouble(), 1e-9, "bucket ends 1 ms before the next");
        assertEquals(T0 / S + 120, checkout.get(1).get(0).asDouble(), 1e-9, "the last bucket ends at the end");
        assertEquals("{\"level\":\"info\",\"user\":{\"id\":44},\"took\":\"1m\",\"size\":\"3 B\"}".length(),
                checkout.get(1).get(1).asLong());
        assertEquals("checkout", data.get("result").get(0).get("metric").get("service_name").asText(), "largest first");
    }

    @Test
    void volumeByLabelNames() throws Exception {
        JsonNode result = server.getJson("acme", "/loki/api/v1/index/volume",
                form("query", "{cluster=\"eu-1\"}", "start", START, "end", END, "aggregateBy", "labels"))
                .get("data").get("result");
        List<String> names = new ArrayList<>();
        for (JsonNode r : result) {
            names.add(names(r.get("metric")).getFirst());
            assertEquals("", r.get("metric").elements().next().asText());
        }
        assertEquals(3, names.size(), names.toString());
        assertTrue(names.containsAll(List.of("service_name", "cluster", "pod")));
    }

    @Test
    void detectedFieldsTypesParsersAndJsonPaths() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/detected_fields",
                form("query", "{cluster=\"eu-1\"}", "start", START, "end", END, "limit", "1000"));
        assertEquals(1000, body.get("limit").asInt());
        Map<String, JsonNode> fields = new HashMap<>();
        for (JsonNode f : body.get("fields")) fields.put(f.get("label").asText(), f);

        JsonNode trace = fields.get("trace_id");
        assertTrue(trace.get("parsers").isNull(), "structured metadata has no parser");
        assertEquals(2, trace.get("cardinality").asInt());

        JsonNode userId = fields.get("user_id");
        assertEquals("int", userId.get("type").asText());
        assertEquals("[\"json\"]", userId.get("parsers").toString());
        assertEquals("[\"user\",\"id\"]", userId.get("jsonPath").toString());
        assertEquals(3, userId.get("cardinality").asInt());

        assertEquals("duration", fields.get("took").get("type").asText());
        assertEquals("bytes", fields.get("size").get("type").asText());
        assertEquals("[\"logfmt\",\"json\"]", fields.get("level").get("parsers").toString());
        assertEquals(3, fields.get("level").get("cardinality").asInt());
        assertEquals("int", fields.get("status").get("type").asText());
        assertEquals("boolean", fields.get("ok").get("type").asText());
        assertEquals("float", fields.get("ratio").get("type").asText());
        assertNull(fields.get("status").get("jsonPath"), "logfmt fields have no JSON path");
    }

    @Test
    void detectedFieldsHonourTheFieldAndLineLimits() throws Exception {
        JsonNode two = server.getJson("acme", "/loki/api/v1/detected_fields",
                form("query", "{cluster=\"eu-1\"}", "start", START, "end", END, "limit", "2"));
        assertEquals(2, two.get("fields").size());
        JsonNode newest = server.getJson("acme", "/loki/api/v1/detected_fields",
                form("query", "{service_name=\"checkout\"}", "start", START, "end", END, "line_limit", "1"));
        for (JsonNode f : newest.get("fields")) {
            assertEquals(1, f.get("cardinality").asInt(), "only the newest line is read: " + f);
        }
        JsonNode none = server.getJson("acme", "/loki/api/v1/detected_fields",
                form("query", "{service_name=\"nobody\"}", "start", START, "end", END));
        assertEquals("{}", none.toString());
    }

    @Test
    void detectedFieldValuesIncludeMetadataAndNormaliseByteSizes() throws Exception {
        JsonNode levels = server.getJson("acme", "/loki/api/v1/detected_field/level/values",
                form("query", "{cluster=\"eu-1\"}", "start", START, "end", END, "limit", "1000"));
        assertEquals("[\"error\",\"info\",\"warn\"]", levels.get("values").toString());
        assertEquals(1000, levels.get("limit").asInt());
        JsonNode sizes = server.getJson("acme", "/loki/api/v1/detected_field/size/values",
                form("query", "{service_name=\"checkout\"}", "start", START, "end", END));
        assertEquals("[\"1.5kB\",\"10MB\",\"3B\"]", sizes.get("values").toString());
        JsonNode traces = server.getJson("acme", "/loki/api/v1/detected_field/trace_id/values",
                form("query", "{service_name=\"checkout\"}", "start", START, "end", END));
        assertEquals("[\"aaa\",\"bbb\"]", traces.get("values").toString());
    }

    @Test
    void detectedLabelsLeaveOutIdLikeLabels() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/detected_labels",
                form("query", "", "start", "2026-11-01T00:00:00.000Z", "end", "2026-11-01T00:10:00.000Z"));
        Map<String, Integer> labels = new HashMap<>();
        for (JsonNode l : body.get("detectedLabels")) labels.put(l.get("label").asText(), l.get("cardinality").asInt());
        assertEquals(Map.of("service_name", 3, "cluster", 1, "pod", 2), labels, "request_id values are all ids");

        JsonNode selected = server.getJson("acme", "/loki/api/v1/detected_labels",
                form("query", "{service_name=\"api\"}", "start", START, "end", END));
        assertEquals(3, selected.get("detectedLabels").size());
    }

    @Test
    void drilldownLimitsDescribeTheTenantLimits() throws Exception {
        JsonNode body = server.getJson("acme", "/loki/api/v1/drilldown-limits", "");
        assertEquals(5000, body.get("limits").get("max_entries_limit_per_query").asInt());
        assertEquals("30d1h", body.get("limits").get("max_query_length").asText());
        assertTrue(body.get("limits").get("volume_enabled").asBoolean());
        assertTrue(body.get("pattern_ingester_enabled").isBoolean());
        assertFalse(body.get("version").asText().isEmpty());
        assertEquals(401, server.get(null, "/loki/api/v1/drilldown-limits", "").statusCode());
    }

    @Test
    void legacyQueryAnswersTheOldStreamsShape() throws Exception {
        JsonNode body = server.getJson("acme", "/api/prom/query",
                form("query", "{service_name=\"api\"}", "regexp", "status=5\\d\\d", "start", START, "end", END));
        assertEquals(List.of("stats", "streams"), names(body));
        JsonNode streams = body.get("streams");
        assertEquals(1, streams.size());
        assertTrue(streams.get(0).get("labels").asText().startsWith("{cluster=\"eu-1\", pod=\"api-1\""),
                streams.get(0).get("labels").asText());
        JsonNode entry = streams.get(0).get("entries").get(0);
        assertEquals("2026-11-01T00:00:04Z", entry.get("ts").asText());
        assertEquals("level=info status=503 ok=false ratio=1.25", entry.get("line").asText());

        HttpResponse<String> metric = server.get("acme", "/api/prom/query",
                form("query", "count_over_time({service_name=\"api\"}[1m])", "start", START, "end", END));
        assertEquals(400, metric.statusCode());
        assertEquals("legacy endpoints only support streams result type\n", metric.body());
    }

    @Test
    void legacyLabelAndSeriesRoutes() throws Exception {
        JsonNode names = server.getJson("acme", "/api/prom/label", form("start", START, "end", END));
        assertEquals("[\"cluster\",\"pod\",\"request_id\",\"service_name\"]", names.get("values").toString());
        JsonNode values = server.getJson("acme", "/api/prom/label/service_name/values", form("start", START, "end", END));
        assertEquals("[\"api\",\"batch\",\"checkout\"]", values.get("values").toString());
        assertEquals("{}", server.getJson("acme", "/api/prom/label/nothing/values", form("start", START, "end", END)).toString());
        JsonNode series = server.getJson("acme", "/api/prom/series",
                form("match[]", "{service_name=\"api\"}", "start", START, "end", END));
        assertEquals("success", series.get("status").asText());
        assertEquals("api", series.get("data").get(0).get("service_name").asText());
    }

    @Test
    void labelsAndSeriesTakeASelector() throws Exception {
        JsonNode labels = server.getJson("acme", "/loki/api/v1/labels",
                form("query", "{service_name=\"batch\"}", "start", START, "end", END));
        assertEquals("[\"request_id\",\"service_name\"]", labels.get("data").toString());
        JsonNode values = server.getJson("acme", "/loki/api/v1/label/pod/values",
                form("query", "{service_name=\"api\"}", "start", START, "end", END));
        assertEquals("[\"api-1\"]", values.get("data").toString());
        JsonNode series = server.getJson("acme", "/loki/api/v1/series",
                "match%5B%5D=%7Bservice_name%3D%22api%22%7D&match%5B%5D=%7Bservice_name%3D%22checkout%22%7D&start="
                        + START + "&end=" + END);
        assertEquals(2, series.get("data").size());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

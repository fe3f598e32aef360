package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.Map;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metric queries through the HTTP API: Loki's matrix, vector and scalar JSON, and the refusals. */
class MetricQueryApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S; // 2026-11-01T00:00:00Z
    private static final Instant NOW = Instant.ofEpochSecond(1_793_491_200L + 7200);
    private static final Labels WEB0 = Labels.of("app", "web", "instance", "web-0");
    private static final Labels WEB1 = Labels.of("app", "web", "instance", "web-1");
    private static final String RANGE = "/loki/api/v1/query_range";
    private static final String INSTANT = "/loki/api/v1/query";

    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** Two sources holding overlapping copies of web-0's lines (as ingester memory and store can). */
    private void start(LimitsConfig limits) throws Exception {
        InMemorySource memory = new InMemorySource()
                .add("acme", WEB0, T0 + 10 * S, "GET /a")
                .add("acme", WEB0, T0 + 70 * S, "POST /b")
                .add("acme", WEB1, T0 + 20 * S, "GET /c")
                .add("globex", WEB0, T0 + 10 * S, "another tenant");
        InMemorySource store = new InMemorySource()
                .add("acme", WEB0, T0 + 10 * S, "GET /a")
                .add("acme", WEB0, T0 + 80 * S, "POST /d");
        server = new ApiServer(List.of(memory, store), ApiServer.config(true, limits), NOW);
    }

    private void start() throws Exception {
        start(LimitsConfig.defaults());
    }

    private static String series(JsonNode metric) {
        return metric.toString();
    }

    @Test
    void rangeQueryAnswersAMatrixSortedByLabelsWithSecondsAndStringValues() throws Exception {
        start();
        JsonNode body = server.getJson("acme", RANGE, form("query", "count_over_time({app=\"web\"}[1m])",
                "start", Long.toString(T0 + 60 * S), "end", Long.toString(T0 + 120 * S), "step", "30"));
        assertEquals("success", body.get("status").asText());
        JsonNode data = body.get("data");
        assertEquals("matrix", data.get("resultType").asText());
        JsonNode result = data.get("result");
        assertEquals(2, result.size());
        assertEquals("{\"app\":\"web\",\"instance\":\"web-0\"}", series(result.get(0).get("metric")));
        // The duplicate of "GET /a" from the second source counts once.
        assertEquals("[[1793491260,\"1\"],[1793491290,\"2\"],[1793491320,\"2\"]]", result.get(0).get("values").toString());
        assertEquals("{\"app\":\"web\",\"instance\":\"web-1\"}", series(result.get(1).get("metric")));
        assertEquals("[[1793491260,\"1\"]]", result.get(1).get("values").toString());
        assertTrue(data.get("stats").get("summary").has("totalLinesProcessed"));
    }

    @Test
    void structuredMetadataJoinsTheSeriesOfARangeWithoutPipelineAsInLoki() throws Exception {
        // A line already held by the other source counts once, also when it carries metadata.
        InMemorySource memory = new InMemorySource()
                .add("acme", WEB0, T0 + 10 * S, "boom", Labels.of("detected_level", "error"))
                .add("acme", WEB0, T0 + 20 * S, "fine", Labels.of("detected_level", "info"))
                .add("acme", WEB1, T0 + 30 * S, "bang", Labels.of("detected_level", "error"))
                .add("acme", WEB1, T0 + 40 * S, "no metadata");
        InMemorySource store = new InMemorySource()
                .add("acme", WEB0, T0 + 10 * S, "boom", Labels.of("detected_level", "error"));
        server = new ApiServer(List.of(memory, store), ApiServer.config(true, LimitsConfig.defaults()), NOW);
        String at = Long.toString(T0 + 60 * S);

        JsonNode byLevel = server.getJson("acme", "/loki/api/v1/query", form("query",
                "sum by (detected_level) (count_over_time({app=\"web\"}[1m]))", "time", at));
        Map<String, String> counts = new TreeMap<>();
        for (JsonNode r : byLevel.get("data").get("result")) {
            counts.put(r.get("metric").toString(), r.get("value").get(1).asText());
        }
        assertEquals(Map.of("{}", "1", "{\"detected_level\":\"error\"}", "2", "{\"detected_level\":\"info\"}", "1"),
                counts);

        JsonNode perSeries = server.getJson("acme", "/loki/api/v1/query", form("query",
                "count_over_time({instance=\"web-0\"}[1m])", "time", at));
        List<String> series = new ArrayList<>();
        for (JsonNode r : perSeries.get("data").get("result")) series.add(r.get("metric").toString());
        assertEquals(List.of("{\"app\":\"web\",\"detected_level\":\"error\",\"instance\":\"web-0\"}",
                "{\"app\":\"web\",\"detected_level\":\"info\",\"instance\":\"web-0\"}"), series);
    }

    @Test
    void instantQueryAnswersAVectorWithOneValueEach() throws Exception {
        start();
        JsonNode body = server.getJson("acme", INSTANT, form("query", "sum by (app) (rate({app=\"web\"} |= \"POST\" [1m]))",
                "time", Long.toString(T0 + 90 * S)));
        JsonNode data = body.get("data");
        assertEquals("vector", data.get("resultType").asText());
        assertEquals("[{\"metric\":{\"app\":\"web\"},\"value\":[1793491290,\"0.03333333333333333\"]}]",
                data.get("result").toString());
    }

    @Test
    void numberQueriesAnswerAScalarWithMillisecondsAsLoki29() throws Exception {
        start();
        JsonNode body = server.getJson("acme", INSTANT, form("query", "(1 + 2) / 0", "time", Long.toString(T0)));
        assertEquals("scalar", body.get("data").get("resultType").asText());
        assertEquals("[1793491200000,\"NaN\"]", body.get("data").get("result").toString());
        JsonNode range = server.getJson("acme", RANGE, form("query", "1 + 1", "start", Long.toString(T0),
                "end", Long.toString(T0 + 60 * S), "step", "60"));
        assertEquals("matrix", range.get("data").get("resultType").asText());
        assertEquals("[{\"metric\":{},\"values\":[[1793491200,\"2\"],[1793491260,\"2\"]]}]",
                range.get("data").get("result").toString());
    }

    @Test
    void grafanaHealthCheckAddsTwoVectors() throws Exception {
        start();
        HttpResponse<String> r = server.get("acme", INSTANT, "query=vector(1)%2Bvector(1)&time=4000000000");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = ApiServer.JSON.readTree(r.body()).get("data");
        assertEquals("vector", data.get("resultType").asText());
        // Loki reads a timestamp of 10 digits or fewer as seconds.
        assertEquals("[{\"metric\":{},\"value\":[4000000000,\"2\"]}]", data.get("result").toString());
    }

    @Test
    void aMetricQuerySeesOnlyItsTenantsLines() throws Exception {
        start();
        JsonNode globex = server.getJson("globex", INSTANT, form("query", "sum(count_over_time({app=\"web\"}[1h]))",
                "time", Long.toString(T0 + 3600 * S)));
        assertEquals("[{\"metric\":{},\"value\":[1793494800,\"1\"]}]", globex.get("data").get("result").toString());
    }

    @Test
    void logQueriesStillAnswerStreams() throws Exception {
        start();
        JsonNode body = server.getJson("acme", RANGE, form("query", "{app=\"web\"} |= \"POST\"",
                "start", Long.toString(T0), "end", Long.toString(T0 + 3600 * S)));
        assertEquals("streams", body.get("data").get("resultType").asText());
        assertEquals(2, body.get("data").get("result").get(0).get("values").size());
    }

    @Test
    void pipelinesRunInMetricQueriesAndInvalidOnesAreBadRequests() throws Exception {
        start();
        JsonNode body = server.getJson("acme", INSTANT, form("query",
                "sum by (method) (count_over_time({app=\"web\"} | regexp \"(?P<method>\\\\w+) \" [5m]))",
                "time", Long.toString(T0 + 120 * S)));
        assertEquals("vector", body.get("data").get("resultType").asText());
        JsonNode result = body.get("data").get("result");
        assertEquals(2, result.size(), result.toString());
        assertEquals("GET", result.get(0).get("metric").get("method").asText());
        assertEquals("2", result.get(0).get("value").get(1).asText());
        assertEquals("POST", result.get(1).get("metric").get("method").asText());

        HttpResponse<String> r = server.get("acme", RANGE, form("query",
                "count_over_time({app=\"web\"} | line_format \"{{.broken\" [5m])",
                "start", Long.toString(T0), "end", Long.toString(T0 + 3600 * S)));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    }

    @Test
    void tooManySeriesIsABadRequestWithLokisMessage() throws Exception {
        start(LimitsConfig.defaults().withMaxQuerySeries(1));
        HttpResponse<String> r = server.get("acme", INSTANT, form("query", "count_over_time({app=\"web\"}[1h])",
                "time", Long.toString(T0 + 3600 * S)));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("maximum of series (1) reached for a single query\n", r.body());
        assertEquals(200, server.get("acme", INSTANT, form("query", "sum(count_over_time({app=\"web\"}[1h]))",
                "time", Long.toString(T0 + 3600 * S))).statusCode());
    }

    @Test
    void rangeQueryStepRulesApplyToMetricQueries() throws Exception {
        start();
        HttpResponse<String> r = server.get("acme", RANGE, form("query", "count_over_time({app=\"web\"}[1m])",
                "start", Long.toString(T0), "end", Long.toString(T0 + 7200 * S), "step", "0.5"));
        assertEquals(400, r.statusCode(), r.body());
        // Without a step, Loki's default is max(range / 250, 1s): 28s for 2h.
        JsonNode body = server.getJson("acme", RANGE, form("query", "vector(1)",
                "start", Long.toString(T0), "end", Long.toString(T0 + 7200 * S)));
        JsonNode values = body.get("data").get("result").get(0).get("values");
        assertEquals(28, values.get(1).get(0).asLong() - values.get(0).get(0).asLong());
    }
}

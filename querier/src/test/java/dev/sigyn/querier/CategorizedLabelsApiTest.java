package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Structured metadata in query answers, with and without Grafana's {@code X-Loki-Response-Encoding-Flags:
 * categorize-labels}: returned, filterable like labels, and reported apart from stream and parsed labels.
 */
class CategorizedLabelsApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;
    private static final String FLAGS = "X-Loki-Response-Encoding-Flags";

    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        Labels web = Labels.of("app", "web", "env", "prod");
        InMemorySource memory = new InMemorySource()
                .add("acme", web, T0 + S, "level=info msg=\"started\"", Labels.of("trace_id", "abc"))
                .add("acme", web, T0 + 2 * S, "level=error msg=\"failed\"", Labels.of("trace_id", "def", "user", "ann"))
                .add("acme", web, T0 + 3 * S, "level=info msg=\"no metadata\"")
                // A metadata name the stream already has is renamed, as a parser's would be.
                .add("acme", Labels.of("app", "api"), T0 + 4 * S, "plain line", Labels.of("app", "other"));
        server = new ApiServer(List.of(memory), ApiServer.config(true), Instant.ofEpochSecond(T0 / S + 3600));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode range(String query, boolean categorize) throws Exception {
        String params = form("query", query, "start", Long.toString(T0), "end", Long.toString(T0 + 60 * S),
                "step", "15000ms", "direction", "forward");
        JsonNode body = categorize
                ? server.getJson("acme", "/loki/api/v1/query_range", params, FLAGS, "categorize-labels")
                : server.getJson("acme", "/loki/api/v1/query_range", params);
        return body.get("data");
    }

    @Test
    void categorizedEntriesCarryMetadataAndStreamsOnlyTheirOwnLabels() throws Exception {
        JsonNode data = range("{app=\"web\"}", true);
        assertEquals(List.of("resultType", "encodingFlags", "result", "stats"), fieldNames(data));
        assertEquals("categorize-labels", data.get("encodingFlags").get(0).asText());
        JsonNode result = data.get("result");
        assertEquals(1, result.size(), "one stream: metadata does not split it");
        assertEquals("{\"app\":\"web\",\"env\":\"prod\"}", result.get(0).get("stream").toString());
        JsonNode values = result.get(0).get("values");
        assertEquals(3, values.size());
        for (JsonNode v : values) assertEquals(3, v.size(), "every entry has a third element: " + v);
        assertEquals(Long.toString(T0 + S), values.get(0).get(0).asText());
        assertEquals("{\"structuredMetadata\":{\"trace_id\":\"abc\"}}", values.get(0).get(2).toString());
        assertEquals("{\"structuredMetadata\":{\"trace_id\":\"def\",\"user\":\"ann\"}}", values.get(1).get(2).toString());
        assertEquals("{}", values.get(2).get(2).toString());
    }

    @Test
    void withoutTheHeaderMetadataJoinsTheStreamLabelsAndEntriesHaveTwoElements() throws Exception {
        JsonNode data = range("{app=\"web\"}", false);
        assertNull(data.get("encodingFlags"));
        JsonNode result = data.get("result");
        assertEquals(3, result.size(), "one stream per distinct metadata");
        List<String> streams = new ArrayList<>();
        for (JsonNode s : result) {
            streams.add(s.get("stream").toString());
            for (JsonNode v : s.get("values")) assertEquals(2, v.size());
        }
        assertTrue(streams.contains("{\"app\":\"web\",\"env\":\"prod\",\"trace_id\":\"abc\"}"), streams.toString());
        assertTrue(streams.contains("{\"app\":\"web\",\"env\":\"prod\"}"), streams.toString());
    }

    @Test
    void metadataIsFilterableLikeALabel() throws Exception {
        JsonNode result = range("{app=\"web\"} | trace_id=\"abc\"", true).get("result");
        assertEquals(1, result.size());
        assertEquals(1, result.get(0).get("values").size());
        assertEquals("level=info msg=\"started\"", result.get(0).get("values").get(0).get(1).asText());

        JsonNode afterParser = range("{app=\"web\"} | logfmt | level=\"error\" and user=\"ann\"", false).get("result");
        assertEquals(1, afterParser.size());
        assertEquals("def", afterParser.get(0).get("stream").get("trace_id").asText());
        assertEquals("error", afterParser.get(0).get("stream").get("level").asText());
    }

    @Test
    void parsedLabelsAreReportedApartFromMetadata() throws Exception {
        JsonNode result = range("{app=\"web\"} | logfmt", true).get("result");
        assertEquals(1, result.size());
        assertEquals("{\"app\":\"web\",\"env\":\"prod\"}", result.get(0).get("stream").toString());
        JsonNode second = result.get(0).get("values").get(1).get(2);
        assertEquals("{\"trace_id\":\"def\",\"user\":\"ann\"}", second.get("structuredMetadata").toString());
        assertEquals("{\"level\":\"error\",\"msg\":\"failed\"}", second.get("parsed").toString());
        JsonNode third = result.get(0).get("values").get(2).get(2);
        assertNull(third.get("structuredMetadata"), "empty parts are left out");
        assertEquals("info", third.get("parsed").get("level").asText());
    }

    @Test
    void aClashingMetadataNameGetsTheExtractedSuffix() throws Exception {
        JsonNode result = range("{app=\"api\"}", true).get("result");
        assertEquals("{\"app\":\"api\"}", result.get(0).get("stream").toString());
        assertEquals("{\"app_extracted\":\"other\"}", result.get(0).get("values").get(0).get(2).get("structuredMetadata").toString());
    }

    @Test
    void metricAnswersCarryNoEncodingFlags() throws Exception {
        JsonNode data = range("sum(count_over_time({app=\"web\"}[1m]))", true);
        assertEquals("matrix", data.get("resultType").asText());
        assertNull(data.get("encodingFlags"));
    }

    @Test
    void instantLogQueriesAreCategorizedToo() throws Exception {
        JsonNode data = server.getJson("acme", "/loki/api/v1/query",
                form("query", "{app=\"web\"}", "time", Long.toString(T0 + 3 * S), "limit", "10"),
                FLAGS, "categorize-labels").get("data");
        assertEquals("streams", data.get("resultType").asText());
        assertEquals("categorize-labels", data.get("encodingFlags").get(0).asText());
        for (JsonNode s : data.get("result")) for (JsonNode v : s.get("values")) assertEquals(3, v.size());
        assertFalse(data.get("result").isEmpty());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }
}

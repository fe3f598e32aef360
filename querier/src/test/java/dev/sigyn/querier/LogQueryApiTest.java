package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.QuerierConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import java.util.TreeMap;
import java.util.Map;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogQueryApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S; // 2026-11-01T00:00:00Z
    private static final Instant NOW = Instant.ofEpochSecond(1_793_491_200L + 7200);
    private static final Labels WEB0 = Labels.of("app", "web", "instance", "web-0");
    private static final Labels WEB1 = Labels.of("app", "web", "instance", "web-1");
    private static final Labels API = Labels.of("app", "api");
    private static final String RANGE = "/loki/api/v1/query_range";

    private ApiServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private ApiServer start(InMemorySource... sources) throws Exception {
        server = new ApiServer(List.of(sources), ApiServer.config(true), NOW);
        return server;
    }

    private static String range(String query, String... more) {
        List<String> p = new ArrayList<>(List.of("query", query, "start", Long.toString(T0), "end", Long.toString(T0 + 3600 * S)));
        p.addAll(List.of(more));
        return form(p.toArray(String[]::new));
    }

    /** [["ts","line"],...] of the stream with these labels. */
    private static List<String> lines(JsonNode body, Labels labels) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : body.get("data").get("result")) {
            if (!s.get("stream").equals(ApiServer.JSON.valueToTree(labels.toMap()))) continue;
            for (JsonNode v : s.get("values")) out.add(v.get(0).asText() + " " + v.get(1).asText());
        }
        return out;
    }

    @Test
    void answersStreamsInLokisShape() throws Exception {
        start(new InMemorySource().add("acme", WEB0, T0 + S, "hello \"quoted\"\ttab").add("acme", API, T0 + 2 * S, "other"));
        JsonNode body = server.getJson("acme", RANGE, range("{app=\"web\"}"));
        assertEquals("success", body.get("status").asText());
        assertEquals("streams", body.get("data").get("resultType").asText());
        JsonNode result = body.get("data").get("result");
        assertEquals(1, result.size());
        assertEquals("{\"app\":\"web\",\"instance\":\"web-0\"}", result.get(0).get("stream").toString());
        JsonNode entry = result.get(0).get("values").get(0);
        assertTrue(entry.get(0).isTextual(), "timestamps are strings of nanoseconds");
        assertEquals(Long.toString(T0 + S), entry.get(0).asText());
        assertEquals("hello \"quoted\"\ttab", entry.get(1).asText());
        assertEquals(2, entry.size(), "no structured metadata element without categorize-labels");
        JsonNode summary = body.get("data").get("stats").get("summary");
        assertEquals(1, summary.get("totalEntriesReturned").asInt());
        assertTrue(summary.has("execTime") && summary.has("bytesProcessedPerSecond") && summary.has("totalLinesProcessed"));
    }

    @Test
    void limitAndDirectionApplyAcrossStreams() throws Exception {
        InMemorySource src = new InMemorySource();
        for (int i = 0; i < 5; i++) {
            src.add("acme", WEB0, T0 + (2 * i) * S, "w0-" + i);
            src.add("acme", WEB1, T0 + (2 * i + 1) * S, "w1-" + i);
        }
        start(src);
        JsonNode backward = server.getJson("acme", RANGE, range("{app=\"web\"}", "limit", "3"));
        assertEquals(List.of((T0 + 8 * S) + " w0-4"), lines(backward, WEB0));
        assertEquals(List.of((T0 + 9 * S) + " w1-4", (T0 + 7 * S) + " w1-3"), lines(backward, WEB1));

        JsonNode forward = server.getJson("acme", RANGE, range("{app=\"web\"}", "limit", "3", "direction", "FORWARD"));
        assertEquals(List.of(T0 + " w0-0", (T0 + 2 * S) + " w0-1"), lines(forward, WEB0));
        assertEquals(List.of((T0 + S) + " w1-0"), lines(forward, WEB1));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theOrderOfTheSourcesDoesNotChangeAnyAnswer(boolean storeFirst) throws Exception {
        // Both hold "b": the stream was flushed while the ingester still had it.
        InMemorySource memory = new InMemorySource().add("acme", WEB0, T0 + 3 * S, "c").add("acme", WEB0, T0 + 2 * S, "b")
                .add("acme", WEB1, T0 + 4 * S, "d");
        InMemorySource store = new InMemorySource().add("acme", WEB0, T0 + S, "a").add("acme", WEB0, T0 + 2 * S, "b");
        if (storeFirst) start(store, memory);
        else start(memory, store);

        JsonNode count = server.getJson("acme", "/loki/api/v1/query", form("query",
                "sum by (instance) (count_over_time({app=\"web\"}[1h]))", "time", Long.toString(T0 + 3600 * S)));
        Map<String, String> counts = new TreeMap<>();
        for (JsonNode r : count.get("data").get("result")) {
            counts.put(r.get("metric").get("instance").asText(), r.get("value").get(1).asText());
        }
        assertEquals(Map.of("web-0", "3", "web-1", "1"), counts);

        JsonNode piped = server.getJson("acme", RANGE, range("{app=\"web\"} | line_format \"<{{__line__}}>\"",
                "direction", "forward", "limit", "3"));
        assertEquals(List.of((T0 + S) + " <a>", (T0 + 2 * S) + " <b>", (T0 + 3 * S) + " <c>"), lines(piped, WEB0));
        assertEquals(List.of(), lines(piped, WEB1), "the limit of 3 was reached before d");
    }

    @Test
    void mergesSourcesAndDropsEntriesBothReturned() throws Exception {
        InMemorySource memory = new InMemorySource().add("acme", WEB0, T0 + 3 * S, "c").add("acme", WEB0, T0 + 2 * S, "b")
                .add("acme", WEB0, T0 + 2 * S, "b2");
        InMemorySource store = new InMemorySource().add("acme", WEB0, T0 + S, "a").add("acme", WEB0, T0 + 2 * S, "b");
        start(memory, store);
        JsonNode body = server.getJson("acme", RANGE, range("{app=\"web\"}", "direction", "forward"));
        assertEquals(1, body.get("data").get("result").size(), "one stream, not one per source");
        List<String> got = lines(body, WEB0);
        assertEquals(4, got.size(), got.toString());
        assertEquals((T0 + S) + " a", got.get(0));
        assertTrue(got.containsAll(List.of((T0 + 2 * S) + " b", (T0 + 2 * S) + " b2")));
        assertEquals((T0 + 3 * S) + " c", got.get(3));
    }

    @Test
    void rangeIncludesStartAndExcludesEnd() throws Exception {
        start(new InMemorySource().add("acme", WEB0, T0, "at start").add("acme", WEB0, T0 + 3600 * S, "at end"));
        assertEquals(List.of(T0 + " at start"), lines(server.getJson("acme", RANGE, range("{app=\"web\"}")), WEB0));
    }

    @Test
    void acceptsEveryTimestampFormat() throws Exception {
        start(new InMemorySource().add("acme", WEB0, T0 + 500_000_000L, "half").add("acme", WEB0, T0 + 10 * S, "ten"));
        String[][] startEnd = {
                {"1793491200", "1793491201"},
                {Long.toString(T0), Long.toString(T0 + S)},
                {"1793491200.000", "1793491200.999"},
                {"2026-11-01T00:00:00Z", "2026-11-01T00:00:01Z"},
                {"2026-11-01T00:00:00.400000000Z", "2026-11-01T01:00:00.6+01:00"},
        };
        for (String[] se : startEnd) {
            JsonNode body = server.getJson("acme", RANGE, form("query", "{app=\"web\"}", "start", se[0], "end", se[1]));
            assertEquals(List.of((T0 + 500_000_000L) + " half"), lines(body, WEB0), se[0] + " .. " + se[1]);
        }
    }

    @Test
    void defaultsToTheLastHourNewestFirstAndAHundredLines() throws Exception {
        long now = NOW.getEpochSecond() * S;
        InMemorySource src = new InMemorySource().add("acme", API, now - 2 * 3600 * S, "two hours ago");
        for (int i = 0; i < 150; i++) src.add("acme", WEB0, now - (i + 1) * S, "line " + i);
        start(src);
        JsonNode body = server.getJson("acme", RANGE, form("query", "{app=~\"web|api\"}"));
        List<String> got = lines(body, WEB0);
        assertEquals(100, got.size());
        assertEquals((now - S) + " line 0", got.get(0), "backward: newest first");
        assertTrue(lines(body, API).isEmpty(), "start defaults to now - 1h");

        JsonNode since = server.getJson("acme", RANGE, form("query", "{app=\"api\"}", "since", "3h"));
        assertEquals(1, lines(since, API).size());
    }

    @Test
    void intervalKeepsOneEntryPerInterval() throws Exception {
        InMemorySource src = new InMemorySource();
        for (int i = 0; i < 10; i++) src.add("acme", WEB0, T0 + i * S, "l" + i);
        start(src);
        JsonNode body = server.getJson("acme", RANGE, range("{app=\"web\"}", "direction", "forward", "interval", "3s"));
        assertEquals(List.of(T0 + " l0", (T0 + 3 * S) + " l3", (T0 + 6 * S) + " l6", (T0 + 9 * S) + " l9"), lines(body, WEB0));
    }

    @Test
    void lineFiltersReachTheSources() throws Exception {
        start(new InMemorySource().add("acme", WEB0, T0 + S, "GET /a").add("acme", WEB0, T0 + 2 * S, "POST /b"));
        JsonNode body = server.getJson("acme", RANGE, range("{app=\"web\"} |= \"POST\""));
        assertEquals(List.of((T0 + 2 * S) + " POST /b"), lines(body, WEB0));
    }

    @Test
    void pipelinesRegroupEntriesByTheirLabelsAndTheLimitCountsWhatSurvives() throws Exception {
        start(new InMemorySource()
                .add("acme", WEB0, T0 + S, "level=info n=1")
                .add("acme", WEB0, T0 + 2 * S, "level=error n=2")
                .add("acme", WEB0, T0 + 3 * S, "level=error n=3")
                .add("acme", WEB0, T0 + 4 * S, "level=info n=4"));
        String query = "{app=\"web\"} | logfmt | level=\"error\" | line_format \"n is {{.n}}\"";
        JsonNode newest = server.getJson("acme", RANGE, range(query, "limit", "1"));
        assertEquals(1, newest.get("data").get("result").size());
        Labels three = Labels.of("app", "web", "instance", "web-0", "level", "error", "n", "3");
        assertEquals(List.of((T0 + 3 * S) + " n is 3"), lines(newest, three));

        JsonNode all = server.getJson("acme", RANGE, range(query, "direction", "forward"));
        assertEquals(2, all.get("data").get("result").size());
        Labels two = Labels.of("app", "web", "instance", "web-0", "level", "error", "n", "2");
        assertEquals(List.of((T0 + 2 * S) + " n is 2"), lines(all, two));
        assertEquals(List.of((T0 + 3 * S) + " n is 3"), lines(all, three));
    }

    @Test
    void tenantsOnlySeeTheirOwnData() throws Exception {
        InMemorySource src = new InMemorySource().add("red", WEB0, T0 + S, "red line").add("blue", WEB0, T0 + S, "blue line");
        start(src);
        assertEquals(List.of((T0 + S) + " red line"), lines(server.getJson("red", RANGE, range("{app=\"web\"}")), WEB0));
        assertEquals(List.of((T0 + S) + " blue line"), lines(server.getJson("blue", RANGE, range("{app=\"web\"}")), WEB0));
        assertEquals(0, server.getJson("green", RANGE, range("{app=\"web\"}")).get("data").get("result").size());
        assertEquals(List.of("red", "blue", "green"), src.tenantsAsked);
    }

    @Test
    void withoutAuthEveryRequestIsTenantFake() throws Exception {
        InMemorySource src = new InMemorySource().add("fake", WEB0, T0 + S, "x");
        server = new ApiServer(List.of(src), ApiServer.config(false), NOW);
        assertEquals(1, lines(server.getJson(null, RANGE, range("{app=\"web\"}")), WEB0).size());
        assertEquals(List.of("fake"), src.tenantsAsked);
    }

    @Test
    void missingTenantIsUnauthorized() throws Exception {
        start(new InMemorySource());
        HttpResponse<String> r = server.get(null, RANGE, range("{app=\"web\"}"));
        assertEquals(401, r.statusCode());
        assertEquals("no org id\n", r.body());
    }

    @Test
    void postFormGivesTheSameAnswerAsGet() throws Exception {
        start(new InMemorySource().add("acme", WEB0, T0 + S, "a").add("acme", WEB0, T0 + 2 * S, "b"));
        String params = range("{app=\"web\"}", "limit", "1");
        HttpResponse<String> post = server.post("acme", RANGE, params);
        assertEquals(200, post.statusCode(), post.body());
        JsonNode viaPost = ApiServer.JSON.readTree(post.body());
        assertEquals(List.of((T0 + 2 * S) + " b"), lines(viaPost, WEB0));
        // Like Go's r.Form, a body value wins over the same parameter in the URL.
        HttpResponse<String> both = server.post("acme", RANGE + "?direction=backward", params + "&direction=forward");
        assertEquals(List.of((T0 + S) + " a"), lines(ApiServer.JSON.readTree(both.body()), WEB0));
    }

    @Test
    void instantLogQuerySelectsTheLookBackWindowBeforeItsTime() throws Exception {
        start(new InMemorySource().add("acme", WEB0, T0 + S, "before").add("acme", WEB0, T0 + 2 * S, "at"));
        JsonNode body = server.getJson("acme", "/loki/api/v1/query", form("query", "{app=\"web\"}", "time", Long.toString(T0 + 2 * S)));
        assertEquals("streams", body.get("data").get("resultType").asText());
        assertEquals(List.of((T0 + S) + " before"), lines(body, WEB0));
    }

    @Test
    void maxLookBackPeriodSetsHowFarBackAnInstantLogQueryLooks() throws Exception {
        InMemorySource source = new InMemorySource().add("acme", WEB0, T0 + S, "ten seconds before")
                .add("acme", WEB0, T0 + 10 * S, "a second before");
        SigynConfig twoSeconds = ApiServer.config(true).withQuerier(
                new QuerierConfig(Duration.ofSeconds(2), QuerierConfig.defaults().tailMaxDuration()));
        server = new ApiServer(List.of(source), twoSeconds, NOW);
        JsonNode body = server.getJson("acme", "/loki/api/v1/query", form("query", "{app=\"web\"}", "time",
                Long.toString(T0 + 11 * S)));
        assertEquals(List.of((T0 + 10 * S) + " a second before"), lines(body, WEB0));
    }

    @Test
    void recordsDurationAndReturnedEntries() throws Exception {
        start(new InMemorySource().add("acme", WEB0, T0 + S, "a"));
        server.getJson("acme", RANGE, range("{app=\"web\"}"));
        server.get("acme", RANGE, range("{app=\"web\""));
        assertEquals(1, server.metrics.get("sigyn.query.duration").tags("endpoint", "query_range", "status", "200").timer().count());
        assertEquals(1, server.metrics.get("sigyn.query.duration").tags("endpoint", "query_range", "status", "400").timer().count());
        assertEquals(1.0, server.metrics.get("sigyn.query.entries.returned").counter().count());
    }

    @Test
    void sourcesAreAskedOffTheEventLoop() throws Exception {
        InMemorySource a = new InMemorySource().add("acme", WEB0, T0 + S, "a");
        start(a);
        server.getJson("acme", RANGE, range("{app=\"web\"}"));
        assertFalse(a.threadsUsed.isEmpty());
        for (String t : a.threadsUsed) assertFalse(t.contains("eventloop"), t);
    }
}

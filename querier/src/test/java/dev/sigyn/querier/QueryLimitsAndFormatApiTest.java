package dev.sigyn.querier;

import dev.sigyn.logql.source.ListedLogSource;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sigyn.querier.ApiServer.JSON;
import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** format_query, instant log queries' look-back window, and query_timeout cancelling a slow query. */
class QueryLimitsAndFormatApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;

    private ApiServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void formatQueryPrettyPrintsWithoutATenantAndExplainsParseErrors() throws Exception {
        server = new ApiServer(List.of(new InMemorySource()), ApiServer.config(true), Instant.ofEpochSecond(1_793_498_400L));
        HttpResponse<String> ok = server.get(null, "/loki/api/v1/format_query",
                form("query", "sum(count_over_time({app=\"web\"}|=\"x\"[5m])) by (app)"));
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode body = JSON.readTree(ok.body());
        assertEquals("success", body.get("status").asText());
        assertEquals("sum by (app) (count_over_time({app=\"web\"} |= \"x\" [5m]))", body.get("data").asText());

        HttpResponse<String> posted = server.post(null, "/loki/api/v1/format_query", form("query", "{a=\"b\"}|json"));
        assertEquals("{a=\"b\"} | json", JSON.readTree(posted.body()).get("data").asText());

        HttpResponse<String> bad = server.get(null, "/loki/api/v1/format_query", form("query", "sum(rate({a=\"b\"}))"));
        assertEquals(400, bad.statusCode(), bad.body());
        JsonNode error = JSON.readTree(bad.body());
        assertEquals("invalid-query", error.get("status").asText());
        assertTrue(error.get("error").asText().startsWith("parse error at line 1"), bad.body());
    }

    @Test
    void aQueryThatWouldFormatPastTheLongestQueryIsRefusedAtOnce() throws Exception {
        server = new ApiServer(List.of(new InMemorySource()), ApiServer.config(true), Instant.ofEpochSecond(1_793_498_400L));
        // 3.6 KB of a right-nested power chain: indented two spaces per level, it would format to about 360 KB.
        String deep = "vector(1)" + " ^ vector(1)".repeat(300);
        long start = System.nanoTime();
        HttpResponse<String> refused = server.post(null, "/loki/api/v1/format_query", form("query", deep));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("the formatted query would be longer than 131071 bytes, the longest query LogQL accepts",
                JSON.readTree(refused.body()).get("error").asText());
        assertTrue(millis < 5_000, "refused after " + millis + " ms");
    }

    @Test
    void anInstantLogQueryReturnsTheLinesOfTheThirtySecondsBeforeItsTime() throws Exception {
        Labels web = Labels.of("app", "web");
        InMemorySource source = new InMemorySource()
                .add("acme", web, T0 - 31 * S, "too old")
                .add("acme", web, T0 - 29 * S, "in the window")
                .add("acme", web, T0 - 1, "last nanosecond")
                .add("acme", web, T0, "at time itself: excluded")
                .add("acme", web, T0 + S, "after");
        server = new ApiServer(List.of(source), ApiServer.config(true), Instant.ofEpochSecond(1_793_498_400L));
        HttpResponse<String> r = server.get("acme", "/loki/api/v1/query",
                form("query", "{app=\"web\"}", "time", Long.toString(T0)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode data = JSON.readTree(r.body()).get("data");
        assertEquals("streams", data.get("resultType").asText());
        JsonNode values = data.get("result").get(0).get("values");
        assertEquals(2, values.size(), r.body());
        assertEquals("last nanosecond", values.get(0).get(1).asText()); // backward by default
        assertEquals("in the window", values.get(1).get(1).asText());
    }

    @Test
    void aQueryRunningPastItsTimeoutIsAnsweredWithLokisTimeoutAndStopsReading() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        LogSource slow = new ListedLogSource() {
            @Override
            public List<StreamResult> select(String tenant, StreamQuery q) {
                reads.incrementAndGet();
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }

            @Override
            public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
                return Set.of();
            }
        };
        // Two sources read in turn by a metric query: the second must not be read once the first ran out the time.
        LimitsConfig limits = LimitsConfig.defaults().withQueryTimeout(Duration.ofMillis(300));
        server = new ApiServer(List.of(slow, slow), ApiServer.config(true, limits), Instant.ofEpochSecond(1_793_498_400L));
        long started = System.nanoTime();
        HttpResponse<String> r = server.get("acme", "/loki/api/v1/query",
                form("query", "count_over_time({app=\"web\"}[5m])", "time", Long.toString(T0)));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(504, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("request timed out, decrease the duration of the request"), r.body());
        assertTrue(tookMs < 650, "answered after " + tookMs + " ms, before the slow read finished");
        Thread.sleep(900);
        assertEquals(1, reads.get(), "the query stopped instead of reading the second source");
    }

    @Test
    void sourcesAreToldTheQuerysDeadline() throws Exception {
        List<Instant> deadlines = new java.util.concurrent.CopyOnWriteArrayList<>();
        LogSource watching = new ListedLogSource() {
            @Override
            public List<StreamResult> select(String tenant, StreamQuery q) {
                deadlines.add(q.context().deadline());
                return List.of();
            }

            @Override
            public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
                return Set.of();
            }
        };
        LimitsConfig limits = LimitsConfig.defaults().withQueryTimeout(Duration.ofSeconds(42));
        server = new ApiServer(List.of(watching), ApiServer.config(true, limits), Instant.ofEpochSecond(1_793_498_400L));
        Instant before = Instant.now();
        HttpResponse<String> r = server.get("acme", "/loki/api/v1/query",
                form("query", "{app=\"web\"}", "time", Long.toString(T0)));
        Instant after = Instant.now();
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, deadlines.size());
        Instant deadline = deadlines.getFirst();
        assertTrue(!deadline.isBefore(before.plusSeconds(42)) && !deadline.isAfter(after.plusSeconds(42)),
                deadline + " is not 42 s after the call");
    }
}

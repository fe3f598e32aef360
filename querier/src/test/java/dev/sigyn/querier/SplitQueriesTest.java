package dev.sigyn.querier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.CacheConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.Steps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.sigyn.querier.ApiServer.JSON;
import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Range metric queries split by interval and cached: the same answers as whole evaluation, and reuse of past splits. */
class SplitQueriesTest {
    private static final long S = 1_000_000_000L;
    private static final long HOUR = 3600 * S;
    private static final long T0 = 1_793_491_200L * S; // 2026-11-01T00:00:00Z, an hour boundary

    private final List<ApiServer> servers = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ApiServer s : servers) s.close();
    }

    @Test
    void splitsFollowIntervalBoundariesAndKeepTheQueryStepGrid() {
        // 00:10 to 02:20, step 7 min: steps at 00:10, 00:17, ... The grid keeps that phase in every split.
        Steps steps = Steps.range(T0 + 600 * S, T0 + 2 * HOUR + 1200 * S, 420 * S);
        List<SplitPlan.Split> splits = SplitPlan.of(steps, HOUR).splits();
        assertEquals(3, splits.size());
        int total = 0;
        for (SplitPlan.Split s : splits) total += s.steps().count();
        assertEquals(steps.count(), total, "every step in exactly one split");
        assertEquals(T0 + 600 * S, splits.get(0).steps().startNanos());
        assertEquals(T0 + 180 * S, splits.get(0).gridFirst(), "00:03 is on the grid 00:10 - 7 min");
        assertTrue(splits.get(1).whole());
        assertEquals(0, Math.floorMod(splits.get(1).gridFirst() - steps.startNanos(), 420 * S));
        assertTrue(splits.get(2).steps().endNanos() <= steps.endNanos());
    }

    private static InMemorySource data() {
        InMemorySource source = new InMemorySource();
        Labels web = Labels.of("app", "web", "level", "info");
        Labels api = Labels.of("app", "api", "level", "error");
        for (long t = T0; t < T0 + 3 * HOUR; t += 37 * S) {
            source.add("acme", web, t, "GET /x 200 " + (t / S % 100));
            if (t / S % 3 == 0) source.add("acme", api, t + 1, "level=error took=" + (t / S % 17) + "ms");
        }
        return source;
    }

    private ApiServer server(InMemorySource source, Duration split, boolean cache) throws Exception {
        return server(source, split, new CacheConfig(100, 100, cache, 100));
    }

    private ApiServer server(InMemorySource source, Duration split, CacheConfig caches) throws Exception {
        SigynConfig config = ApiServer.config(true)
                .withLimits(SigynConfig.defaults().limits().withSplitQueriesByInterval(split))
                .withCaches(caches);
        ApiServer s = new ApiServer(List.of(source), config, Instant.ofEpochSecond(T0 / S + 86_400));
        servers.add(s);
        return s;
    }

    @Test
    void splitAnswersEqualWholeAnswersAndPastSplitsAreReusedFromTheCache() throws Exception {
        InMemorySource whole = data();
        InMemorySource split = data();
        ApiServer unsplit = server(whole, Duration.ZERO, false);
        ApiServer splitting = server(split, Duration.ofHours(1), true);
        List<String> queries = List.of(
                "sum by (app) (count_over_time({app=~\".+\"}[5m]))",
                "rate({app=\"web\"} |= \"200\" [2m])",
                "topk(1, sum by (level) (bytes_over_time({app=~\".+\"}[10m])))",
                "sum(sum_over_time({app=\"api\"} | logfmt | unwrap duration(took) [15m])) / 2",
                "avg_over_time({app=\"api\"} | logfmt | unwrap duration_seconds(took) [15m])");
        for (String q : queries) {
            String params = form("query", q, "start", Long.toString(T0 + 300 * S), "end",
                    Long.toString(T0 + 3 * HOUR - 100 * S), "step", "90");
            JsonNode expected = JSON.readTree(unsplit.get("acme", "/loki/api/v1/query_range", params).body()).get("data");
            JsonNode first = JSON.readTree(splitting.get("acme", "/loki/api/v1/query_range", params).body()).get("data");
            int asked = split.tenantsAsked.size();
            JsonNode again = JSON.readTree(splitting.get("acme", "/loki/api/v1/query_range", params).body()).get("data");
            assertTrue(expected.get("result").size() > 0, q + " has an answer to compare");
            assertEquals(expected.get("result"), first.get("result"), q);
            assertEquals(expected.get("result"), again.get("result"), q + " from the cache");
            assertEquals(asked, split.tenantsAsked.size(), q + ": the repeated query read no data");
        }
        // A delete request changes past answers: the tenant's cached results are dropped.
        String params = form("query", queries.get(0), "start", Long.toString(T0 + 300 * S), "end",
                Long.toString(T0 + 3 * HOUR - 100 * S), "step", "90");
        int asked = split.tenantsAsked.size();
        splitting.api.invalidateResults("acme");
        splitting.get("acme", "/loki/api/v1/query_range", params);
        assertTrue(split.tenantsAsked.size() > asked, "results are computed again after invalidation");
    }

    @Test
    void resultsFollowTheCacheSwitchAndSize() throws Exception {
        String params = form("query", "sum by (app) (count_over_time({app=~\".+\"}[5m]))", "start",
                Long.toString(T0 + 300 * S), "end", Long.toString(T0 + 3 * HOUR - 100 * S), "step", "90");
        for (CacheConfig caches : List.of(new CacheConfig(100, 100, false, 100), new CacheConfig(100, 100, true, 0))) {
            InMemorySource source = data();
            ApiServer s = server(source, Duration.ofHours(1), caches);
            s.get("acme", "/loki/api/v1/query_range", params);
            int asked = source.tenantsAsked.size();
            s.get("acme", "/loki/api/v1/query_range", params);
            assertTrue(source.tenantsAsked.size() > asked, caches + ": the repeated query read its data again");
        }
    }

    @Test
    void splitsNewerThanTheFreshnessWindowAreNotCached() throws Exception {
        InMemorySource source = data();
        SigynConfig config = ApiServer.config(true)
                .withLimits(SigynConfig.defaults().limits().withSplitQueriesByInterval(Duration.ofHours(1)));
        // "now" is 5 minutes after the data's end: the last split is still fresh.
        ApiServer s = new ApiServer(List.of(source), config, Instant.ofEpochSecond(T0 / S + 3 * 3600 + 300));
        servers.add(s);
        String params = form("query", "count_over_time({app=\"web\"}[5m])", "start", Long.toString(T0),
                "end", Long.toString(T0 + 3 * HOUR - 60 * S), "step", "60");
        s.get("acme", "/loki/api/v1/query_range", params);
        int asked = source.tenantsAsked.size();
        s.get("acme", "/loki/api/v1/query_range", params);
        assertEquals(asked + 1, source.tenantsAsked.size(), "only the fresh last split is read again");
    }
}

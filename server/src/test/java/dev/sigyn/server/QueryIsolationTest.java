package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.config.CacheConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.querier.QueryThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One query cannot stop everyone: a query that fails, times out or loses its client stops all its work (not only its
 * answer), a heavy query leaves other tenants' pushes and queries their speed, and a query that would hold too much
 * memory is refused with 400. "Its work stops" is observed on the server's threads: none is left reading or
 * evaluating a query a few seconds after it was stopped, where the heavy query alone would keep them for tens of
 * seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryIsolationTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long HOUR = 3600 * SECOND;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** query_timeout of the shared server: longer than any test needs, far shorter than a heavy query takes. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(8);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path otherDirs;
    private TestServer server;
    private long now;
    /** Varies the heavy query so that no answer can come from a cache. */
    private int variant;

    /**
     * 600,000 logfmt lines of app=heavy in 4 streams over the last 4 hours, flushed to the object store, and 6,000
     * lines of app=spiky at the start of that range, each with labels of its own once parsed.
     */
    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(config(dataDir, 0));
        now = System.currentTimeMillis() * 1_000_000L;
        push(server, "heavy", "heavy", now - 4 * HOUR, now, 600_000, 4);
        push(server, "heavy", "spiky", now - 4 * HOUR, now - 4 * HOUR + 60 * SECOND, 6_000, 1);
        assertEquals(204, server.post("/flush", null, new byte[0], Map.of()).statusCode());
        // Compiles the query path, so that the measurements below see the steady state.
        assertEquals(200, queryRange("heavy", heavyQuery(), now - HOUR / 2, now, "10").statusCode());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void quiet() throws Exception {
        awaitIdle();
    }

    /**
     * A server with big ingestion limits, no results cache, and the given memory budget (0: the default). Queries
     * are split by two hours, so that a split of the heavy query alone takes longer than the timeout.
     */
    private static SigynConfig config(Path dir, long maxQueryMemoryBytes) {
        SigynConfig base = TestServer.conformanceConfig(dir);
        var limits = base.limits().withIngestionRateMb(1024).withIngestionBurstSizeMb(1024)
                .withPerStreamRateLimit(1L << 30).withPerStreamRateLimitBurst(1L << 30).withQueryTimeout(QUERY_TIMEOUT)
                .withSplitQueriesByInterval(Duration.ofHours(2));
        if (maxQueryMemoryBytes > 0) limits = limits.withMaxQueryMemoryBytes(maxQueryMemoryBytes);
        return base.withLimits(limits).withCaches(new CacheConfig(100, 100, false, 0));
    }

    /**
     * A metric query that keeps the server busy for much longer than any test waits: a quantile over every sample
     * of up to four hours, at thousands of steps (about 30 CPU-seconds on the machine it was written on, 20 of them
     * in the split of the last two hours, which runs on one thread).
     */
    private String heavyQuery() {
        return "quantile_over_time(0." + (5 + variant++ % 4) + ", {app=\"heavy\"} | logfmt | unwrap n [4h]) by (pod)";
    }

    private HttpResponse<byte[]> heavyRange(String query) throws Exception {
        return queryRange("heavy", query, now - 4 * HOUR, now, "1.5");
    }

    private String heavyRangeUri(String query) {
        return rangeUri(query, now - 4 * HOUR, now, "1.5");
    }

    @Test
    void aSplitPassingTheSeriesLimitStopsTheOtherSplitsAndTheAnswerNamesTheLimit() throws Exception {
        // The first split passes max_query_series at once (every spiky line is a series of its own); the later
        // splits would compute quantiles for many seconds.
        String query = heavyQuery() + " or count_over_time({app=\"spiky\"} | logfmt [1h])";
        long start = System.nanoTime();
        HttpResponse<byte[]> r = heavyRange(query);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(400, r.statusCode(), () -> new String(r.body()));
        assertTrue(new String(r.body()).contains("maximum of series (5000) reached"), () -> new String(r.body()));
        assertTrue(seconds < QUERY_TIMEOUT.toSeconds(), "answered after " + seconds + " s");
        assertWorkStopped("the other splits");
    }

    @Test
    void aQueryWhoseClientLeavesStopsWorking() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + heavyRangeUri(heavyQuery()) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Scope-OrgID: heavy\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitWorking();
        }
        assertWorkStopped("the query whose client left");
    }

    @Test
    void aQueryPastItsTimeoutStopsWorkingNotOnlyAnswering() throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = heavyRange(heavyQuery());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(504, r.statusCode(), () -> new String(r.body()));
        assertTrue(seconds < QUERY_TIMEOUT.toSeconds() + 2, "answered after " + seconds + " s");
        assertWorkStopped("the query past its timeout");
    }

    @Test
    void heavyQueriesLeaveAnotherTenantsPushAndQueryTheirSpeed() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> heavy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            heavy.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.base + heavyRangeUri(heavyQuery())))
                    .header("X-Scope-OrgID", "heavy").timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        awaitWorking();
        long start = System.nanoTime();
        push(server, "light", "light", now - 10 * SECOND, now, 10, 1);
        double pushSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query?query="
                + URLEncoder.encode("sum(count_over_time({app=\"light\"}[1m]))", StandardCharsets.UTF_8)
                + "&time=" + (now + SECOND), "light");
        double querySeconds = (System.nanoTime() - start) / 1e9;
        boolean heavyStillRunning = heavy.stream().noneMatch(CompletableFuture::isDone);
        System.out.printf("beside 4 heavy queries: push %.3f s, query %.3f s%n", pushSeconds, querySeconds);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertEquals("10", JSON.readTree(r.body()).at("/data/result/0/value/1").asText());
        assertTrue(pushSeconds < 1, "the push took " + pushSeconds + " s");
        assertTrue(querySeconds < 2, "the query took " + querySeconds + " s");
        assertTrue(heavyStillRunning, "the heavy queries were over before the measurement");
        for (CompletableFuture<HttpResponse<byte[]>> h : heavy) h.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aMetricQueryOverItsMemoryBudgetIsRefusedAndAnswersUnderALargerOne() throws Exception {
        // 100,000 samples of about 40 bytes each: about 4 MB held while the query counts them.
        String query = "sum(count_over_time({app=\"budget\"}[2h]))";
        try (TestServer small = TestServer.start(config(otherDirs.resolve("small"), 1 << 20))) {
            long t = System.currentTimeMillis() * 1_000_000L;
            push(small, "b", "budget", t - HOUR, t, 100_000, 2);
            HttpResponse<byte[]> r = small.get(instantUri(query, t), "b");
            assertEquals(400, r.statusCode(), () -> new String(r.body()));
            assertTrue(new String(r.body()).contains("max_query_memory_bytes"), () -> new String(r.body()));
            assertTrue(new String(r.body()).contains("1048576"), () -> new String(r.body()));
        }
        try (TestServer large = TestServer.start(config(otherDirs.resolve("large"), 64 << 20))) {
            long t = System.currentTimeMillis() * 1_000_000L;
            push(large, "b", "budget", t - HOUR, t, 100_000, 2);
            HttpResponse<byte[]> r = large.get(instantUri(query, t), "b");
            assertEquals(200, r.statusCode(), () -> new String(r.body()));
            assertEquals("100000", JSON.readTree(r.body()).at("/data/result/0/value/1").asText());
        }
    }

    // ---- observing the server's work ----

    /**
     * The server's threads that are working on a query: reading or evaluating it (frames of the querier or of LogQL's
     * evaluation). Live tails are not queries. The server runs in this JVM, so its threads can be looked at directly,
     * which, unlike CPU time, does not depend on what else the machine is doing.
     */
    private static List<String> threadsWorkingOnQueries() {
        // QueryThreads is at the bottom of every query thread's stack, idle or not: it starts them.
        return threadsIn(c -> c.startsWith("dev.sigyn.logql.eval.") || c.startsWith("dev.sigyn.logql.engine.")
                || (c.startsWith("dev.sigyn.querier.") && !c.startsWith("dev.sigyn.querier.tail.")
                    && !c.startsWith(QueryThreads.class.getName())));
    }

    /** The server's threads (with the frame that counts) that are inside a class the test names. */
    private static List<String> threadsIn(java.util.function.Predicate<String> classes) {
        List<String> working = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread == Thread.currentThread()) return;
            for (StackTraceElement frame : stack) {
                if (classes.test(frame.getClassName())) {
                    working.add(thread.getName() + " at " + frame);
                    return;
                }
            }
        });
        return working;
    }

    /** Waits until the server evaluates a query: its parameters are read and its splits at work (at most 20 s). */
    private static void awaitWorking() throws InterruptedException {
        long deadline = System.nanoTime() + 20 * SECOND;
        while (System.nanoTime() < deadline) {
            if (!threadsIn(c -> c.startsWith("dev.sigyn.logql.engine.")).isEmpty()) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the heavy query never got going");
    }

    /** Waits until earlier work is over (at most two minutes). */
    private static void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + 120 * SECOND;
        while (System.nanoTime() < deadline) {
            if (threadsWorkingOnQueries().isEmpty()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the server never stopped working: " + threadsWorkingOnQueries());
    }

    /**
     * After a query was stopped (answered or abandoned), every thread that worked on it must let go within a few
     * seconds, even on a busy machine; a query left running keeps them for its whole remaining work (tens of seconds).
     */
    private static void assertWorkStopped(String what) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + 3 * SECOND;
        List<String> working = threadsWorkingOnQueries();
        while (!working.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            working = threadsWorkingOnQueries();
        }
        assertTrue(working.isEmpty(), what + " kept working: " + working);
        System.out.printf("%s stopped within %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
    }

    // ---- talking to the server ----

    private HttpResponse<byte[]> queryRange(String tenant, String query, long start, long end, String step) throws Exception {
        return server.get(rangeUri(query, start, end, step), tenant);
    }

    private static String rangeUri(String query, long start, long end, String step) {
        return "/loki/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + start + "&end=" + end + "&step=" + step;
    }

    private static String instantUri(String query, long time) {
        return "/loki/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + time;
    }

    /** Pushes {@code count} logfmt lines spread evenly over [from, to) into {@code streams} streams of the app. */
    private static void push(TestServer to, String tenant, String app, long from, long until, int count, int streams)
            throws Exception {
        int batch = 10_000;
        long step = (until - from) / count;
        for (int first = 0; first < count; first += batch) {
            StringBuilder body = new StringBuilder("{\"streams\":[");
            for (int s = 0; s < streams; s++) {
                if (s > 0) body.append(',');
                body.append("{\"stream\":{\"app\":\"").append(app).append("\",\"pod\":\"p").append(s)
                        .append("\"},\"values\":[");
                boolean firstValue = true;
                for (int i = first + s; i < Math.min(count, first + batch); i += streams) {
                    if (!firstValue) body.append(',');
                    firstValue = false;
                    body.append("[\"").append(from + i * step).append("\",\"level=")
                            .append(i % 7 == 0 ? "error" : "info").append(" id=").append(i).append(" n=")
                            .append(i % 1000).append(" dur=").append(i % 300).append("ms\"]");
                }
                body.append("]}");
            }
            body.append("]}");
            HttpResponse<byte[]> r = to.post("/loki/api/v1/push", tenant, body.toString().getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            if (r.statusCode() != 204) throw new AssertionError(r.statusCode() + " " + new String(r.body()));
        }
    }
}

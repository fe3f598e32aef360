package dev.sigyn.bench;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.server.SigynServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IsolationCommandTest {

    @Test
    void reportGivesEachPhasesPercentilesAndTheP99Ratio() {
        Figures figures = new Figures();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = IsolationCommand.report(results(pushes(1, 0), pushes(2, 0), queries()), printer(text), figures);

        assertEquals(0, status, text.toString(StandardCharsets.UTF_8));
        Map<String, Double> f = figures.values();
        assertEquals(50, f.get("push_p50_idle_ms"));
        assertEquals(90, f.get("push_p90_idle_ms"));
        assertEquals(99, f.get("push_p99_idle_ms"));
        assertEquals(100, f.get("push_max_idle_ms"));
        assertEquals(198, f.get("push_p99_loaded_ms"));
        assertEquals(100, f.get("push_count_loaded"));
        assertEquals(0, f.get("push_errors_loaded"));
        assertEquals(2.0, f.get("push_p99_ratio"));
        assertEquals(4, f.get("query_count"));
        assertEquals(1, f.get("query_errors"));
        assertEquals(3, f.get("query_cut_off"));
        assertEquals(3.0, f.get("query_p99_s"));
        String out = text.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("push p99 loaded/idle: 2.00×"), out);
        assertTrue(out.contains("200 × 3, 503 × 1"), out);
        assertTrue(out.contains("queries: error: HTTP 503: too many queries"), out);
    }

    @Test
    void aFailedPushMakesTheExitStatusOneAndIsShown() {
        Figures figures = new Figures();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = IsolationCommand.report(results(pushes(1, 0), pushes(2, 3), queries()), printer(text), figures);

        assertEquals(1, status);
        assertEquals(3, figures.values().get("push_errors_loaded"));
        assertEquals(0, figures.values().get("push_errors_idle"));
        String out = text.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("204 × 97, 503 × 3"), out);
        assertTrue(out.contains("push loaded: error: HTTP 503: ingester busy"), out);
    }

    @Test
    void defaultsAreTheIssuesLoad() throws Exception {
        IsolationCommand.Settings s = IsolationCommand.Settings.parse(options());
        assertEquals("http://127.0.0.1:3100", s.url());
        assertEquals(50, s.concurrency());
        assertEquals(20, s.pushRate());
        assertEquals(30, s.seconds());
        assertTrue(s.load());
        assertEquals(IsolationCommand.HEAVY_QUERIES, s.queries());
        assertEquals("acme", s.params().tenant());

        IsolationCommand.Settings t = IsolationCommand.Settings.parse(options("--url", "http://h:9/", "--no-load",
                "--push-tenant", "p", "--queries-concurrency=0"));
        assertEquals("http://h:9", t.url());
        assertFalse(t.load());
        assertEquals("p", t.pushTenant());
        assertEquals(0, t.concurrency());
    }

    @Test
    void wrongCommandLinesAreRefusedBeforeAnythingIsSent() {
        for (List<String> args : List.of(List.of("--push-rate", "0"), List.of("--seconds", "x"),
                List.of("--queries-concurrency", "-1"), List.of("--tenant", "a", "--push-tenant", "a"),
                List.of("--no-load", "--scale", "3"), List.of("--bogus"), List.of("extra"))) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            String[] command = java.util.stream.Stream.concat(java.util.stream.Stream.of("isolation", "--url",
                    "http://127.0.0.1:1"), args.stream()).toArray(String[]::new);
            assertEquals(2, SigynBench.run(command, printer(text)), args + ": " + text);
            assertTrue(text.toString(StandardCharsets.UTF_8).startsWith("sigyn-bench: "), args + ": " + text);
        }
    }

    @Test
    void heavyQueriesAreLogQlAndTakeTheRunMatcher() {
        for (String query : IsolationCommand.HEAVY_QUERIES) {
            String run = QueryCommand.withRunMatcher(query, "n");
            assertTrue(run.contains("{sigyn_bench_run!=\"n\", "), run);
            Parser.parseExpr(run);
        }
    }

    @Test
    void pushBodiesAreAFewKilobytesOfNewLines() throws Exception {
        SteadyPusher pusher = new SteadyPusher(null, "t", 1);
        String first = new String(Snappy.uncompress(pusher.nextBody()), StandardCharsets.UTF_8);
        String second = new String(Snappy.uncompress(pusher.nextBody()), StandardCharsets.UTF_8);
        assertTrue(first.length() > 2_000 && first.length() < 8_000, "size " + first.length());
        assertTrue(first.contains("{instance=\"probe-2\", job=\"sigyn-bench-isolation\"}"), first);
        assertTrue(first.contains(" seq=29 ") && second.contains(" seq=30 "), second);
        assertNotEquals(first, second);
    }

    /** The whole command against a real server, briefly: both phases measured, the default queries answered. */
    @Test
    void measuresBothPhasesAgainstARealServer(@TempDir Path dir) throws Exception {
        SigynConfig d = SigynConfig.defaults();
        SigynConfig config = d.withAuthEnabled(true)
                .withServer(new ServerConfig("127.0.0.1", 0, "warn"))
                .withCommon(new CommonConfig(dir.toString(), d.common().storage()))
                .withLimits(d.limits().withRejectOldSamples(false));
        try (SigynServer server = SigynServer.start(config)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            int status = SigynBench.run(new String[]{"isolation", "--url", "http://127.0.0.1:" + server.port(),
                    "--scale", "1", "--seconds", "1", "--push-rate", "10", "--queries-concurrency", "2",
                    "--rss-pid", Long.toString(ProcessHandle.current().pid())}, printer(text));
            String out = text.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, out);
            Path saved = dir.resolve("isolation.txt");
            Files.writeString(saved, out);
            Map<String, Double> f = Figures.parse(saved);
            assertEquals(10, f.get("push_count_idle"), out);
            assertEquals(10, f.get("push_count_loaded"), out);
            assertEquals(0, f.get("query_errors"), out);
            assertTrue(f.get("query_count") + f.get("query_cut_off") >= 2, out);
            assertTrue(f.get("push_p99_ratio") > 0, out);
            assertTrue(f.get("rss_peak_mb") > 0, out);
        }
    }

    /** 100 pushes taking {@code scale} × 1..100 ms, the last {@code failed} of them answered 503. */
    private static SteadyPusher.Run pushes(int scale, int failed) {
        RequestLog log = new RequestLog(204);
        for (int i = 1; i <= 100; i++) {
            boolean fails = i > 100 - failed;
            log.add(scale * i, fails ? 503 : 204, fails ? "HTTP 503: ingester busy" : null);
        }
        return new SteadyPusher.Run(log, new double[100]);
    }

    private static QueryLoad.Result queries() {
        RequestLog q1 = new RequestLog(200);
        q1.add(1000, 200, null);
        q1.add(3000, 200, null);
        RequestLog q2 = new RequestLog(200);
        q2.add(2000, 200, null);
        q2.add(10, 503, "HTTP 503: too many queries");
        return new QueryLoad.Result(List.of(q1, q2), 3);
    }

    private static IsolationCommand.Results results(SteadyPusher.Run idle, SteadyPusher.Run loaded, QueryLoad.Result queries) {
        IsolationCommand.Settings settings = new IsolationCommand.Settings("http://x", "acme", 1, false, "p", 20, 30, 2,
                List.of("{a=\"1\"}", "sum(rate({a=\"1\"}[1m]))"), null, null);
        return new IsolationCommand.Results(settings, idle, loaded, queries,
                new IsolationCommand.ServerFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN), 0.1, 0.2);
    }

    private static Options options(String... args) {
        return new Options(List.of(args), IsolationCommand.VALUED, IsolationCommand.FLAGS);
    }

    private static PrintStream printer(ByteArrayOutputStream text) {
        return new PrintStream(text, true, StandardCharsets.UTF_8);
    }
}

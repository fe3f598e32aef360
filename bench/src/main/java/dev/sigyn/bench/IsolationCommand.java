package dev.sigyn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sigyn-bench isolation}: do heavy queries delay pushes? A steady pusher ({@link SteadyPusher}) sends small
 * pushes to a tenant of its own, first with the server otherwise idle, then while many clients loop heavy queries
 * over the data tenant ({@link QueryLoad}); the command compares the pushes' latency in the two phases.
 * Issue 14 asks for push p99 under 50 concurrent heavy queries within 2× of its idle value.
 */
final class IsolationCommand {
    static final Set<String> VALUED = Set.of("url", "tenant", "scale", "push-tenant", "push-rate", "seconds",
            "queries-concurrency", "queries", "start", "end", "step", "limit", "rss-pid");
    static final Set<String> FLAGS = Set.of("no-load");

    /**
     * The default query load: metric queries with each parser over the dataset's whole range (split by hour by the
     * server), a log query that parses, filters and rewrites every line, and a topk over a label with thousands of
     * values (the client IP).
     */
    static final List<String> HEAVY_QUERIES = List.of(
            "sum by (method, status) (count_over_time({job=\"nginx\"} | regexp "
                    + "`^(?P<ip>\\S+) \\S+ \\S+ \\[(?P<time>[^\\]]+)\\] \"(?P<method>\\S+) (?P<path>\\S+) [^\"]*\" "
                    + "(?P<status>\\d+) (?P<size>\\d+)` [1m]))",
            "quantile_over_time(0.99, {app=~\"api|checkout\"} | json | unwrap latency_ms [5m]) by (app)",
            "sum by (queue, level) (count_over_time({app=\"worker\"} | logfmt [1m]))",
            "{app=~\"api|checkout\"} | json | status >= 400 "
                    + "| line_format \"{{.level}} {{.msg}} user={{.user_name}} latency={{.latency_ms}}ms\"",
            "topk(10, sum by (ip) (count_over_time({job=\"nginx\"} | pattern \"<ip> - - <_>\" [5m])))");

    /** Sequential warm-up pushes before the idle phase: the client's JIT and connections, not measured. */
    static final int WARMUP_PUSHES = 200;
    /** The queries start this long before the loaded phase's pushes, so that every measured push meets them. */
    private static final Duration RAMP = Duration.ofSeconds(2);
    private static final int PUSH_CONNECTIONS = 4;
    private static final int LOAD_BATCH_BYTES = 1 << 20;

    /** The command line, checked before anything is sent. */
    record Settings(String url, String tenant, int scale, boolean load, String pushTenant, int pushRate, int seconds,
                    int concurrency, List<String> queries, QueryCommand.Params params, Long rssPid) {
        static Settings parse(Options o) throws IOException {
            if (!o.positional().isEmpty()) throw new Options.UsageException("isolation takes no arguments: " + o.positional());
            String url = SigynBench.baseUrl(o);
            String tenant = o.get("tenant", "acme");
            String pushTenant = o.get("push-tenant", "sigyn-bench-isolation");
            if (pushTenant.equals(tenant)) throw new Options.UsageException("--push-tenant must differ from --tenant");
            int scale = o.intValue("scale", 10);
            int rate = o.intValue("push-rate", 20);
            int seconds = o.intValue("seconds", 30);
            int concurrency = o.intValue("queries-concurrency", 50);
            if (scale < 1 || rate < 1 || seconds < 1) {
                throw new Options.UsageException("--scale, --push-rate and --seconds must be at least 1");
            }
            if (concurrency < 0) throw new Options.UsageException("--queries-concurrency must not be negative");
            if (o.has("no-load") && o.has("scale")) throw new Options.UsageException("--scale means nothing with --no-load");
            List<String> queries = o.has("queries") ? QueryCommand.readQueries(Path.of(o.get("queries"))) : HEAVY_QUERIES;
            QueryCommand.Params params = new QueryCommand.Params(url, tenant,
                    o.get("start", QueryCommand.DEFAULT_START), o.get("end", QueryCommand.DEFAULT_END),
                    o.get("step", "60"), o.get("limit", "1000"));
            Long pid = o.has("rss-pid") ? Long.parseLong(o.get("rss-pid")) : null;
            return new Settings(url, tenant, scale, !o.has("no-load"), pushTenant, rate, seconds, concurrency, queries,
                    params, pid);
        }
    }

    /** The server process's memory and CPU figures over the run: NaN without {@code --rss-pid}. */
    record ServerFigures(double rssBeforeMb, double rssPeakMb, double rssAfterMb, double cpuIdleS, double cpuLoadedS) {}

    /** Everything measured, for {@link #report}. */
    record Results(Settings settings, SteadyPusher.Run idle, SteadyPusher.Run loaded, QueryLoad.Result queries,
                   ServerFigures server, double clientCpuIdleS, double clientCpuLoadedS) {}

    private IsolationCommand() {}

    static int run(Options o, PrintStream out, Figures figures) throws IOException, InterruptedException {
        Settings s = Settings.parse(o);
        if (s.load() && !load(s, out)) return 1;
        ServerProcess server = new ServerProcess(s.rssPid());
        try (PushClient client = new PushClient(s.url(), PUSH_CONNECTIONS)) {
            SteadyPusher pusher = new SteadyPusher(client, s.pushTenant(), s.pushRate());
            pusher.warmUp(WARMUP_PUSHES);
            Duration phase = Duration.ofSeconds(s.seconds());
            out.printf(Locale.ROOT, "isolation: pushes of %d lines in %d streams (~%.1f KB protobuf+snappy) to tenant %s "
                            + "at %d/s; %d s idle, then %d s with %d clients looping %d heavy queries on tenant %s%n",
                    SteadyPusher.STREAMS * SteadyPusher.LINES_PER_STREAM, SteadyPusher.STREAMS,
                    pusher.nextBody().length / 1e3, s.pushTenant(), s.pushRate(), s.seconds(), s.seconds(),
                    s.concurrency(), s.queries().size(), s.tenant());

            double rssBefore = server.rssMb();
            double serverCpu0 = server.cpuSeconds();
            double clientCpu0 = LocalFigures.ownCpuSeconds();
            out.println("isolation: phase idle");
            SteadyPusher.Run idle = pusher.run(phase);
            double serverCpu1 = server.cpuSeconds();
            double clientCpu1 = LocalFigures.ownCpuSeconds();

            out.println("isolation: phase loaded");
            QueryLoad queries = new QueryLoad(s.params(), s.queries(), phase.plusMinutes(2));
            PeakSampler peak = server.samplePeakRss();
            queries.start(s.concurrency());
            Thread.sleep(RAMP);
            SteadyPusher.Run loaded = pusher.run(phase);
            QueryLoad.Result answered = queries.stop();
            double rssPeak = peak.stop();
            double serverCpu2 = server.cpuSeconds();
            double clientCpu2 = LocalFigures.ownCpuSeconds();
            ServerFigures serverFigures = new ServerFigures(rssBefore, rssPeak, server.rssMb(),
                    serverCpu1 - serverCpu0, serverCpu2 - serverCpu1);
            return report(new Results(s, idle, loaded, answered, serverFigures, clientCpu1 - clientCpu0,
                    clientCpu2 - clientCpu1), out, figures);
        }
    }

    /**
     * Pushes the generated dataset's acme streams to the data tenant on one connection (in time order) and flushes,
     * so the queries read chunks from storage. False when a push failed.
     */
    private static boolean load(Settings s, PrintStream out) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Dataset dataset = DatasetGenerator.generate(s.scale()).onlyTenant("acme").asTenant(s.tenant());
        List<PushBatches.Batch> batches = PushBatches.encode(dataset, LOAD_BATCH_BYTES);
        int failed = 0;
        try (PushClient client = new PushClient(s.url(), 1)) {
            for (PushBatches.Batch b : batches) {
                String error = client.send(b.tenant(), b.body());
                if (error != null && failed++ < RequestLog.ERRORS_KEPT) out.println("load: error: " + error);
            }
        }
        out.printf(Locale.ROOT, "load: %d lines (%.1f MB of log text, scale %d) pushed to tenant %s in %.1f s, %d failed pushes%n",
                dataset.lineCount(), dataset.lineBytes() / 1e6, s.scale(), s.tenant(), (System.nanoTime() - started) / 1e9,
                failed);
        if (failed > 0) return false;
        PushCommand.flush(s.url(), out);
        return true;
    }

    /** Prints the phases' figures; the exit status is 1 when any push was not answered 204. */
    static int report(Results r, PrintStream out, Figures figures) {
        double idleP99 = phase("idle", r.idle(), out, figures);
        double loadedP99 = phase("loaded", r.loaded(), out, figures);
        double ratio = loadedP99 / idleP99;
        out.printf(Locale.ROOT, "push p99 loaded/idle: %.2f× (issue 14: at most 2×)%n", ratio);
        figures.put("push_p99_ratio", ratio);

        List<RequestLog> perQuery = r.queries().perQuery();
        List<String> queries = r.settings().queries();
        for (int q = 0; q < perQuery.size(); q++) {
            RequestLog log = perQuery.get(q);
            double[] ms = log.latenciesMs();
            out.printf(Locale.ROOT, "query q%d: %d answered, p50 %.2f s, max %.2f s (%s)   %s%n", q + 1, log.count(),
                    Samples.percentile(ms, 0.5) / 1e3, Samples.percentile(ms, 1.0) / 1e3, log.statusCounts(), queries.get(q));
        }
        RequestLog all = RequestLog.merged(200, perQuery);
        double[] ms = all.latenciesMs();
        out.printf(Locale.ROOT, "queries: %d answered in the loaded phase (%s), %d cut off at its end; "
                        + "latency p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s%n",
                all.count(), all.statusCounts(), r.queries().cutOff(), Samples.percentile(ms, 0.5) / 1e3,
                Samples.percentile(ms, 0.9) / 1e3, Samples.percentile(ms, 0.99) / 1e3, Samples.percentile(ms, 1.0) / 1e3);
        for (String e : all.firstErrors()) out.println("queries: error: " + e);
        figures.put("query_count", all.count());
        figures.put("query_errors", all.failures());
        figures.put("query_cut_off", r.queries().cutOff());
        figures.put("query_p50_s", Samples.percentile(ms, 0.5) / 1e3);
        figures.put("query_p99_s", Samples.percentile(ms, 0.99) / 1e3);

        ServerFigures server = r.server();
        if (r.settings().rssPid() != null) {
            out.printf(Locale.ROOT, "server (pid %d): RSS %.0f MB before, %.0f MB at most during the loaded phase, %.0f MB "
                            + "after; CPU %.1f s idle, %.1f s loaded%n", r.settings().rssPid(), server.rssBeforeMb(),
                    server.rssPeakMb(), server.rssAfterMb(), server.cpuIdleS(), server.cpuLoadedS());
            figures.put("rss_before_mb", server.rssBeforeMb());
            figures.put("rss_peak_mb", server.rssPeakMb());
            figures.put("rss_after_mb", server.rssAfterMb());
            figures.put("server_cpu_idle_s", server.cpuIdleS());
            figures.put("server_cpu_loaded_s", server.cpuLoadedS());
        }
        // On a shared machine the client's CPU is taken from the server's.
        out.printf(Locale.ROOT, "client: CPU %.1f s idle, %.1f s loaded%n", r.clientCpuIdleS(), r.clientCpuLoadedS());
        int failedPushes = r.idle().pushes().failures() + r.loaded().pushes().failures();
        return failedPushes == 0 ? 0 : 1;
    }

    /** One phase's push line and figures; returns its p99. */
    private static double phase(String name, SteadyPusher.Run run, PrintStream out, Figures figures) {
        RequestLog pushes = run.pushes();
        double[] ms = pushes.latenciesMs();
        double p50 = Samples.percentile(ms, 0.5);
        double p90 = Samples.percentile(ms, 0.9);
        double p99 = Samples.percentile(ms, 0.99);
        double max = Samples.percentile(ms, 1.0);
        out.printf(Locale.ROOT, "push %-6s: %d pushes, latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%s); "
                        + "client sent them late by p99 %.1f ms%n", name, pushes.count(), p50, p90, p99, max,
                pushes.statusCounts(), Samples.percentile(run.sentLateMs(), 0.99));
        for (String e : pushes.firstErrors()) out.println("push " + name + ": error: " + e);
        figures.put("push_p50_" + name + "_ms", p50);
        figures.put("push_p90_" + name + "_ms", p90);
        figures.put("push_p99_" + name + "_ms", p99);
        figures.put("push_max_" + name + "_ms", max);
        figures.put("push_count_" + name, pushes.count());
        figures.put("push_errors_" + name, pushes.failures());
        return p99;
    }

    /** The server process when it runs on this machine ({@code --rss-pid}); without one every figure is NaN. */
    private record ServerProcess(Long pid) {
        double rssMb() throws IOException {
            return pid == null ? Double.NaN : LocalFigures.rssBytes(pid) / 1e6;
        }

        double cpuSeconds() throws IOException {
            return pid == null ? Double.NaN : LocalFigures.cpuSeconds(pid);
        }

        PeakSampler samplePeakRss() {
            return new PeakSampler(pid);
        }
    }

    /** Reads a process's RSS every {@value #EVERY_MS} ms until stopped, keeping the largest value. */
    private static final class PeakSampler {
        private static final long EVERY_MS = 250;
        private final AtomicLong peakBytes = new AtomicLong(-1);
        private final Thread thread;

        PeakSampler(Long pid) {
            thread = pid == null ? null : Thread.ofPlatform().name("sigyn-bench-rss").daemon().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        long rss = LocalFigures.rssBytes(pid);
                        peakBytes.accumulateAndGet(rss, Math::max);
                        Thread.sleep(EVERY_MS);
                    }
                } catch (IOException | InterruptedException e) {
                    // the process ended, or the phase did
                }
            });
        }

        double stop() throws InterruptedException {
            if (thread == null) return Double.NaN;
            thread.interrupt();
            thread.join();
            return peakBytes.get() < 0 ? Double.NaN : peakBytes.get() / 1e6;
        }
    }
}

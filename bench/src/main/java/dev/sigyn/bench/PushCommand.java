package dev.sigyn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code sigyn-bench push}: pushes a dataset over Loki's push API (protobuf + snappy) on N connections and reports
 * throughput and latency. All batches are encoded before the clock starts, so the client's own encoding cost is
 * not measured; each connection sends its next batch as soon as the previous answer arrived. Before the clock starts,
 * each connection also sends {@value #WARMUP_PUSHES} pushes of the batch size that store one line in a tenant of their
 * own ({@link PushBatches#warmupPush}): the client's own JVM then has compiled its HTTP path, and its JIT no longer
 * takes CPU from a server on the same machine during the push.
 */
final class PushCommand {
    static final Set<String> VALUED = Set.of("url", "tenant", "as-tenant", "dataset", "scale", "connections", "batch-bytes", "rss-pid", "latency-file", "bearer-token");
    static final Set<String> FLAGS = Set.of("flush");
    private static final int ERRORS_SHOWN = 5;
    static final int WARMUP_PUSHES = 150;

    private PushCommand() {}

    static int run(Options o, PrintStream out, Figures figures) throws IOException, InterruptedException {
        String url = SigynBench.baseUrl(o);
        int connections = o.intValue("connections", 4);
        int batchBytes = o.intValue("batch-bytes", 1 << 20);
        if (connections < 1 || batchBytes < 1) throw new Options.UsageException("--connections and --batch-bytes must be positive");

        long started = System.nanoTime();
        Dataset dataset;
        if (o.has("dataset")) {
            if (o.has("scale")) throw new Options.UsageException("give either --dataset or --scale");
            dataset = DatasetFile.read(Path.of(o.get("dataset")));
        } else {
            dataset = DatasetGenerator.generate(o.intValue("scale", 1));
        }
        if (o.has("tenant")) dataset = dataset.onlyTenant(o.get("tenant"));
        if (o.has("as-tenant")) dataset = dataset.asTenant(o.get("as-tenant"));
        List<PushBatches.Batch> batches = PushBatches.encode(dataset, batchBytes);
        long bodyBytes = batches.stream().mapToLong(b -> b.body().length).sum();
        out.printf(Locale.ROOT, "push: %d lines, %.1f MB of log text, %d streams, tenants %s; %d batches of ~%d KiB text "
                        + "(%.1f MB protobuf+snappy), prepared in %.1f s%n",
                dataset.lineCount(), dataset.lineBytes() / 1e6, dataset.streamCount(), dataset.tenants().keySet(),
                batches.size(), batchBytes >> 10, bodyBytes / 1e6, (System.nanoTime() - started) / 1e9);
        out.printf(Locale.ROOT, "push: sending to %s/loki/api/v1/push over %d connections%n", url, connections);
        long lines = dataset.lineCount();
        long bytes = dataset.lineBytes();
        dataset = null; // only the encoded batches are needed from here; the client's GC should not carry the rest
        // One pool of keep-alive connections, kept from the warm-up to the end.
        PushClient client = new PushClient(url, connections, o.has("bearer-token") ? o.get("bearer-token") : null);
        warmUp(client, connections, PushBatches.warmupPush(
                (int) Math.min(Integer.MAX_VALUE - 64, bodyBytes / Math.max(1, batches.size())),
                System.currentTimeMillis() * 1_000_000L));
        System.gc();

        double[] latencyMs = new double[batches.size()];
        double[] sentAtMs = new double[batches.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<String> shown = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        Long serverPid = o.has("rss-pid") ? Long.parseLong(o.get("rss-pid")) : null;
        double serverCpu0 = serverPid == null ? 0 : LocalFigures.cpuSeconds(serverPid);
        double clientCpu0 = LocalFigures.ownCpuSeconds();

        long t0 = System.nanoTime();
        out.println("push: clock started at " + java.time.Instant.now()); // to line up server logs with --latency-file
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().name("sigyn-bench-push-" + c).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < batches.size()) {
                    PushBatches.Batch b = batches.get(i);
                    long s = System.nanoTime();
                    sentAtMs[i] = (s - t0) / 1e6;
                    String error = client.send(b.tenant(), b.body());
                    latencyMs[i] = (System.nanoTime() - s) / 1e6;
                    if (error != null) {
                        failures.incrementAndGet();
                        if (shown.size() < ERRORS_SHOWN) shown.add(error);
                    }
                }
            }));
        }
        for (Thread w : workers) w.join();
        double seconds = (System.nanoTime() - t0) / 1e9;

        client.close();
        double clientCpu = LocalFigures.ownCpuSeconds() - clientCpu0;
        double serverCpu = serverPid == null ? Double.NaN : LocalFigures.cpuSeconds(serverPid) - serverCpu0;

        double p50 = Samples.percentile(latencyMs, 0.50);
        double p99 = Samples.percentile(latencyMs, 0.99);
        out.printf(Locale.ROOT, "push: %.2f s, %.0f lines/s, %.1f MB/s, latency p50 %.1f ms p99 %.1f ms max %.1f ms, %d failed pushes%n",
                seconds, lines / seconds, bytes / seconds / 1e6, p50, p99, Samples.percentile(latencyMs, 1.0), failures.get());
        for (String e : shown) out.println("push: error: " + e);
        if (o.has("latency-file")) writeLatencies(Path.of(o.get("latency-file")), sentAtMs, latencyMs);
        // On a shared machine the client's CPU is taken from the server's: both are shown.
        out.printf(Locale.ROOT, "push: CPU during the push: client %.2f s%s%n", clientCpu,
                serverPid == null ? "" : String.format(Locale.ROOT, ", server (pid %d) %.2f s", serverPid, serverCpu));

        figures.put("push.lines", lines);
        figures.put("push.bytes", bytes);
        figures.put("push.seconds", seconds);
        figures.put("push.lines_per_s", lines / seconds);
        figures.put("push.mb_per_s", bytes / seconds / 1e6);
        figures.put("push.p50_ms", p50);
        figures.put("push.p99_ms", p99);
        figures.put("push.errors", failures.get());
        figures.put("push.client_cpu_s", clientCpu);
        if (serverPid != null) figures.put("push.server_cpu_s", serverCpu);

        if (o.has("flush")) flush(url, out);
        if (o.has("rss-pid")) SigynBench.rss(Long.parseLong(o.get("rss-pid")), out, figures);
        return failures.get() == 0 ? 0 : 1;
    }

    /** One line per batch, in sending order: when it was sent (ms after the start) and how long its push took. */
    private static void writeLatencies(Path file, double[] sentAtMs, double[] latencyMs) throws IOException {
        StringBuilder text = new StringBuilder("batch sent_ms latency_ms\n");
        for (int i = 0; i < latencyMs.length; i++) {
            text.append(String.format(Locale.ROOT, "%d %.1f %.2f%n", i, sentAtMs[i], latencyMs[i]));
        }
        Files.writeString(file, text);
    }

    /** Sends {@link #WARMUP_PUSHES} warm-up pushes from each of {@code connections} threads, in parallel. */
    private static void warmUp(PushClient client, int connections, byte[] body) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < WARMUP_PUSHES; i++) {
                    String error = client.send(PushBatches.WARMUP_TENANT, body);
                    if (error != null) errors.add(error);
                }
            }));
        }
        for (Thread w : workers) w.join();
        if (!errors.isEmpty()) throw new IllegalStateException("warm-up push failed: " + errors.getFirst());
    }

    /** Asks the server to flush its in-memory chunks to storage (Loki's and Sigyn's {@code POST /flush}). */
    static void flush(String url, PrintStream out) throws IOException, InterruptedException {
        try (HttpClient http = SigynBench.httpClient()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + "/flush"))
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            out.println("push: POST /flush answered HTTP " + r.statusCode());
        }
    }
}

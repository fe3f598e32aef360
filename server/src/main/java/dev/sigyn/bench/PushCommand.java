package dev.sigyn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * not measured; each connection sends its next batch as soon as the previous answer arrived.
 */
final class PushCommand {
    static final Set<String> VALUED = Set.of("url", "tenant", "dataset", "scale", "connections", "batch-bytes", "rss-pid");
    static final Set<String> FLAGS = Set.of("flush");
    private static final int ERRORS_SHOWN = 5;

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
        List<PushBatches.Batch> batches = PushBatches.encode(dataset, batchBytes);
        long bodyBytes = batches.stream().mapToLong(b -> b.body().length).sum();
        out.printf(Locale.ROOT, "push: %d lines, %.1f MB of log text, %d streams, tenants %s; %d batches of ~%d KiB text "
                        + "(%.1f MB protobuf+snappy), prepared in %.1f s%n",
                dataset.lineCount(), dataset.lineBytes() / 1e6, dataset.streamCount(), dataset.tenants().keySet(),
                batches.size(), batchBytes >> 10, bodyBytes / 1e6, (System.nanoTime() - started) / 1e9);
        out.printf(Locale.ROOT, "push: sending to %s/loki/api/v1/push over %d connections%n", url, connections);

        double[] latencyMs = new double[batches.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<String> shown = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().name("sigyn-bench-push-" + c).start(() -> {
                // One client per worker: each keeps its own keep-alive connection.
                try (HttpClient http = SigynBench.httpClient()) {
                    int i;
                    while ((i = next.getAndIncrement()) < batches.size()) {
                        PushBatches.Batch b = batches.get(i);
                        long s = System.nanoTime();
                        String error = send(http, url, b);
                        latencyMs[i] = (System.nanoTime() - s) / 1e6;
                        if (error != null) {
                            failures.incrementAndGet();
                            if (shown.size() < ERRORS_SHOWN) shown.add(error);
                        }
                    }
                }
            }));
        }
        for (Thread w : workers) w.join();
        double seconds = (System.nanoTime() - t0) / 1e9;

        long lines = dataset.lineCount();
        long bytes = dataset.lineBytes();
        double p50 = Samples.percentile(latencyMs, 0.50);
        double p99 = Samples.percentile(latencyMs, 0.99);
        out.printf(Locale.ROOT, "push: %.2f s, %.0f lines/s, %.1f MB/s, latency p50 %.1f ms p99 %.1f ms max %.1f ms, %d failed pushes%n",
                seconds, lines / seconds, bytes / seconds / 1e6, p50, p99, Samples.percentile(latencyMs, 1.0), failures.get());
        for (String e : shown) out.println("push: error: " + e);

        figures.put("push.lines", lines);
        figures.put("push.bytes", bytes);
        figures.put("push.seconds", seconds);
        figures.put("push.lines_per_s", lines / seconds);
        figures.put("push.mb_per_s", bytes / seconds / 1e6);
        figures.put("push.p50_ms", p50);
        figures.put("push.p99_ms", p99);
        figures.put("push.errors", failures.get());

        if (o.has("flush")) flush(url, out);
        if (o.has("rss-pid")) SigynBench.rss(Long.parseLong(o.get("rss-pid")), out, figures);
        return failures.get() == 0 ? 0 : 1;
    }

    /** Sends one batch; returns null on Loki's 204, otherwise what went wrong. */
    private static String send(HttpClient http, String url, PushBatches.Batch b) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/loki/api/v1/push"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/x-protobuf")
                .header("X-Scope-OrgID", b.tenant())
                .POST(HttpRequest.BodyPublishers.ofByteArray(b.body()))
                .build();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 204) return null;
            return "HTTP " + r.statusCode() + ": " + SigynBench.abbreviate(new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Asks the server to flush its in-memory chunks to storage (Loki's and Sigyn's {@code POST /flush}). */
    private static void flush(String url, PrintStream out) throws IOException, InterruptedException {
        try (HttpClient http = SigynBench.httpClient()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url + "/flush"))
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            out.println("push: POST /flush answered HTTP " + r.statusCode());
        }
    }
}

package dev.sigyn.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code sigyn-bench freshness}: how long a pushed line takes to become queryable. Every {@code --interval-ms} one
 * line with a unique text goes to {@code --push-url} (on one of {@code --streams} streams, so that it lands on every
 * partition in turn); the command then asks {@code --query-url} for it until it is there. It prints the latency's
 * percentiles and, for a run across a failure (an ingester killed meanwhile), the longest wait and the times when
 * pushes or queries failed. Speaks only Loki's API.
 */
final class FreshnessCommand {
    static final Set<String> VALUED = Set.of("push-url", "query-url", "tenant", "seconds", "interval-ms", "streams");
    static final Set<String> FLAGS = Set.of();

    private FreshnessCommand() {}

    static int run(Options o, PrintStream out, Figures figures) throws java.io.IOException, InterruptedException {
        String pushUrl = o.get("push-url", "http://127.0.0.1:3100");
        String queryUrl = o.get("query-url", pushUrl);
        String tenant = o.get("tenant", "sigyn-bench-freshness");
        int seconds = o.intValue("seconds", 30);
        int intervalMs = o.intValue("interval-ms", 200);
        int streams = o.intValue("streams", 16);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String run = Long.toHexString(System.nanoTime());
        List<Double> latencies = new ArrayList<>();
        int pushFailures = 0;
        int queryFailures = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            long sent = System.nanoTime();
            String text = "freshness " + run + " " + i;
            long ts = System.currentTimeMillis() * 1_000_000L;
            String body = "{\"streams\":[{\"stream\":{\"job\":\"freshness\",\"stream\":\"s" + (i % streams)
                    + "\"},\"values\":[[\"" + ts + "\",\"" + text + "\"]]}]}";
            HttpResponse<String> pushed;
            try {
                pushed = http.send(HttpRequest.newBuilder(URI.create(pushUrl + "/loki/api/v1/push"))
                        .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                        .header("X-Scope-OrgID", tenant).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                pushed = null;
            }
            if (pushed == null || pushed.statusCode() != 204) {
                pushFailures++;
                out.printf("%.1f s: push failed (%s)%n", (sent - start) / 1e9,
                        pushed == null ? "no answer" : pushed.statusCode() + " " + pushed.body().strip());
                Thread.sleep(intervalMs);
                continue;
            }
            String query = "{job=\"freshness\", stream=\"s" + (i % streams) + "\"} |= \"" + text + "\"";
            String uri = queryUrl + "/loki/api/v1/query_range?limit=5&query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + (ts - 60_000_000_000L)
                    + "&end=" + (ts + 60_000_000_000L);
            while (true) {
                HttpResponse<String> r;
                try {
                    r = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                            .header("X-Scope-OrgID", tenant).GET().build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    r = null;
                }
                if (r != null && r.statusCode() == 200 && r.body().contains(text)) break;
                if (r == null || r.statusCode() != 200) {
                    queryFailures++;
                    out.printf("%.1f s: query answered %s%n", (System.nanoTime() - start) / 1e9,
                            r == null ? "nothing" : r.statusCode() + " " + r.body().strip());
                }
                if (System.nanoTime() - sent > 120_000_000_000L) {
                    out.println("line " + i + " not queryable after 120 s");
                    return 1;
                }
                Thread.sleep(5);
            }
            double ms = (System.nanoTime() - sent) / 1e6;
            latencies.add(ms);
            if (ms > 1000) out.printf("%.1f s: line %d queryable after %.0f ms%n", (sent - start) / 1e9, i, ms);
            long next = sent + intervalMs * 1_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        double[] samples = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        out.printf("%d lines; push to queryable p50 %.0f ms, p99 %.0f ms, max %.0f ms; %d failed pushes, %d failed"
                        + " queries%n", samples.length, Samples.percentile(samples, 0.50), Samples.percentile(samples, 0.99),
                Samples.percentile(samples, 1.0), pushFailures, queryFailures);
        figures.put("freshness_p50_ms", Samples.percentile(samples, 0.50));
        figures.put("freshness_p99_ms", Samples.percentile(samples, 0.99));
        figures.put("freshness_max_ms", Samples.percentile(samples, 1.0));
        figures.put("freshness_failed_pushes", pushFailures);
        return 0;
    }
}

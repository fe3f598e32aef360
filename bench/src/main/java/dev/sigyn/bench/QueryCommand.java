package dev.sigyn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code sigyn-bench query}: runs each query of a set R times over Loki's {@code query_range} API and reports the
 * minimum and median time, the bytes the server says it scanned per second, and how much faster a repeated metric
 * query is than its first run (the results cache).
 *
 * <p>Unless {@code --no-nonce} is given, every run adds a matcher on a label no stream has,
 * {@code sigyn_bench_run!="<random>"}, to the query's first selector: it selects the same streams, but the query
 * text differs from run to run, so a results cache can never answer and each run measures evaluation.
 */
final class QueryCommand {
    static final Set<String> VALUED = Set.of("url", "tenant", "runs", "queries", "start", "end", "step", "limit", "rss-pid");
    static final Set<String> FLAGS = Set.of("no-nonce");
    static final String DEFAULT_START = Long.toString(DatasetGenerator.T0_NS);
    static final String DEFAULT_END = Long.toString(DatasetGenerator.T0_NS + DatasetGenerator.SPAN_S * 1_000_000_000L);

    /** The query set of the performance issue, in its order. */
    static final List<String> DEFAULT_QUERIES = List.of(
            "sum(count_over_time({env=\"prod\"} |= \"error\" [5m]))",
            "{app=\"web\"} |= \"POST\" |~ \"\\\" 5\\\\d\\\\d \"",
            "sum by (status) (rate({job=\"nginx\"} | pattern \"<ip> - - [<_>] \\\"<method> <path> <_>\\\" <status> <size> "
                    + "\\\"<_>\\\" \\\"<agent>\\\" <rt>\" [1m]))",
            "quantile_over_time(0.99, {app=~\"api|checkout\"} | json | unwrap latency_ms [5m]) by (app)",
            "sum by (queue) (count_over_time({app=\"worker\"} | logfmt | level=\"error\" [1m]))",
            "sum by (app) (rate({app=~\".+\"}[1m]))",
            "{env=\"prod\"} |~ \"(?i)failed password for (root|admin|mallory)\"");

    private record Answer(double seconds, String error, double bytesProcessed, String shape) {}

    private QueryCommand() {}

    static int run(Options o, PrintStream out, Figures figures) throws IOException, InterruptedException {
        String url = SigynBench.baseUrl(o);
        String tenant = o.get("tenant", "acme");
        int runs = o.intValue("runs", 5);
        if (runs < 1) throw new Options.UsageException("--runs must be at least 1");
        List<String> queries = o.has("queries") ? readQueries(Path.of(o.get("queries"))) : DEFAULT_QUERIES;
        boolean nonce = !o.has("no-nonce");
        Params params = new Params(url, tenant, o.get("start", DEFAULT_START), o.get("end", DEFAULT_END),
                o.get("step", "60"), o.get("limit", "1000"));
        out.printf(Locale.ROOT, "query: %d queries × %d runs against %s, tenant %s, range %s .. %s, step %s s, limit %s%n",
                queries.size(), runs, url, tenant, params.start, params.end, params.step, params.limit);

        int errors = 0;
        try (HttpClient http = SigynBench.httpClient()) {
            warmUpClient(http, url);
            for (int q = 0; q < queries.size(); q++) {
                String name = "q" + (q + 1);
                String query = queries.get(q);
                double[] times = new double[runs];
                Answer last = null;
                for (int r = 0; r < runs; r++) {
                    last = send(http, params, nonce ? withRunMatcher(query, newNonce()) : query);
                    times[r] = last.seconds;
                    if (last.error != null) break;
                }
                if (last.error != null) {
                    errors++;
                    out.printf("%s  error: %s   %s%n", name, last.error, query);
                    continue;
                }
                double min = Samples.min(times);
                double median = Samples.median(times);
                String scanned = "";
                figures.put("query." + name + ".min_s", min);
                figures.put("query." + name + ".median_s", median);
                // The first run of a query on a freshly started server reads with cold caches.
                figures.put("query." + name + ".first_s", times[0]);
                if (last.bytesProcessed > 0) {
                    double mbPerS = last.bytesProcessed / median / 1e6;
                    scanned = String.format(Locale.ROOT, "  scanned %.1f MB, %.0f MB/s", last.bytesProcessed / 1e6, mbPerS);
                    figures.put("query." + name + ".scanned_mb_per_s", mbPerS);
                }
                out.printf(Locale.ROOT, "%s  first %.3f s  min %.3f s  median %.3f s%s  (%s)   %s%n", name, times[0], min,
                        median, scanned, last.shape, query);
            }
            errors += repeated(http, params, queries, runs, out, figures);
        }
        figures.put("query.errors", errors);
        if (o.has("rss-pid")) SigynBench.rss(Long.parseLong(o.get("rss-pid")), out, figures);
        return errors == 0 ? 0 : 1;
    }

    /**
     * The results-cache figure: the first metric query of the set, with one fresh nonce kept for all its runs, so
     * the first run cannot come from the cache and the following ones can.
     */
    private static int repeated(HttpClient http, Params params, List<String> queries, int runs, PrintStream out,
                                Figures figures) throws InterruptedException {
        String metric = queries.stream().filter(q -> !isLogQuery(q)).findFirst().orElse(null);
        if (metric == null) return 0;
        String query = withRunMatcher(metric, newNonce());
        Answer first = send(http, params, query);
        double[] following = new double[Math.max(1, runs - 1)];
        Answer a = first;
        for (int r = 0; r < following.length && a.error == null; r++) {
            a = send(http, params, query);
            following[r] = a.seconds;
        }
        if (a.error != null) {
            out.printf("repeat  error: %s   %s%n", a.error, query);
            return 1;
        }
        double median = Samples.median(following);
        out.printf(Locale.ROOT, "repeat  first %.3f s  then median %.3f s of %d runs: %.1f× faster   %s%n",
                first.seconds, median, following.length, first.seconds / median, query);
        figures.put("query.repeat.first_s", first.seconds);
        figures.put("query.repeat.median_s", median);
        figures.put("query.repeat.speedup", first.seconds / median);
        return 0;
    }

    /**
     * The client is a JVM too: its first requests and JSON parsing run cold, which once made the first query's first
     * run ("cold caches") look up to 0.2 s slower than the server was. Asking for Loki's build info (small JSON, no
     * tenant data, no cache touched) warms the client's HTTP and JSON path first.
     */
    private static void warmUpClient(HttpClient http, String url) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/loki/api/v1/status/buildinfo"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        for (int i = 0; i < CLIENT_WARMUP_REQUESTS; i++) {
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) JsonTree.parse(r.body());
            } catch (IOException | RuntimeException e) {
                return; // only a warm-up: the queries report what is wrong with the server
            }
        }
    }

    private static final int CLIENT_WARMUP_REQUESTS = 200;

    /** Where and how queries are sent: the server, the tenant, the time range, a metric query's step, a log query's limit. */
    record Params(String url, String tenant, String start, String end, String step, String limit) {}

    /** The {@code query_range} request for one query: metric queries with the step, log queries backward with the limit. */
    static URI queryRangeUri(Params p, String query) {
        StringBuilder uri = new StringBuilder(p.url).append("/loki/api/v1/query_range?query=").append(enc(query))
                .append("&start=").append(enc(p.start)).append("&end=").append(enc(p.end));
        if (isLogQuery(query)) uri.append("&limit=").append(enc(p.limit)).append("&direction=backward");
        else uri.append("&step=").append(enc(p.step));
        return URI.create(uri.toString());
    }

    private static Answer send(HttpClient http, Params p, String query) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(queryRangeUri(p, query))
                .timeout(Duration.ofMinutes(5)).header("X-Scope-OrgID", p.tenant).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Answer((System.nanoTime() - start) / 1e9, e.toString(), 0, "");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            if (r.statusCode() != 200) {
                String body = new String(r.body(), StandardCharsets.UTF_8);
                return new Answer(seconds, "HTTP " + r.statusCode() + ": " + SigynBench.abbreviate(body), 0, "");
            }
            Object tree = JsonTree.parse(r.body());
            if (!"success".equals(JsonTree.at(tree, "status"))) {
                return new Answer(seconds, "status " + JsonTree.at(tree, "status"), 0, "");
            }
            Object bytes = JsonTree.at(tree, "data", "stats", "summary", "totalBytesProcessed");
            return new Answer(seconds, null, bytes instanceof Double d ? d : 0, shape(tree));
        } catch (IOException e) {
            return new Answer(seconds, "unreadable answer: " + e.getMessage(), 0, "");
        }
    }

    /** What came back, e.g. {@code 3 series} or {@code 1000 entries in 4 streams}, to see that the answer is real. */
    private static String shape(Object tree) {
        Object type = JsonTree.at(tree, "data", "resultType");
        if (!(JsonTree.at(tree, "data", "result") instanceof List<?> result)) return String.valueOf(type);
        if ("streams".equals(type)) {
            long entries = 0;
            for (Object s : result) if (JsonTree.at(s, "values") instanceof List<?> v) entries += v.size();
            return entries + " entries in " + result.size() + " streams";
        }
        if ("matrix".equals(type)) {
            long points = 0;
            for (Object s : result) if (JsonTree.at(s, "values") instanceof List<?> v) points += v.size();
            return result.size() + " series, " + points + " points";
        }
        return result.size() + " " + type;
    }

    static boolean isLogQuery(String query) {
        return query.strip().startsWith("{");
    }

    /** Adds {@code sigyn_bench_run!="nonce"} as the first matcher of the first selector outside string literals. */
    static String withRunMatcher(String query, String nonce) {
        char quote = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '{') {
                String rest = query.substring(i + 1);
                String matcher = "sigyn_bench_run!=\"" + nonce + "\"";
                return query.substring(0, i + 1) + matcher + (rest.strip().startsWith("}") ? "" : ", ") + rest;
            }
        }
        return query;
    }

    static String newNonce() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One query per line; blank lines and lines starting with {@code #} are skipped. */
    static List<String> readQueries(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String q = line.strip();
            if (!q.isEmpty() && !q.startsWith("#")) out.add(q);
        }
        if (out.isEmpty()) throw new Options.UsageException("no queries in " + file);
        return out;
    }
}

package dev.sigyn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/sigyn-bench}: a benchmark client that speaks only Loki's HTTP API, so the same run can be pointed at
 * Loki or at Sigyn. Every command ends its output with {@code figure NAME VALUE} lines (see {@link Figures}).
 */
public final class SigynBench {
    private static final String USAGE = """
            usage: sigyn-bench COMMAND [options]
              push    [--url http://127.0.0.1:3100] [--tenant T [--as-tenant U]] [--dataset FILE | --scale N] [--connections 4]
                      [--batch-bytes 1048576] [--flush] [--rss-pid PID] [--latency-file FILE] [--bearer-token T]
                      pushes the dataset (default: generated at --scale 1, every tenant) as protobuf+snappy batches;
                      --rss-pid also reports that (local) server process's RSS and its CPU time during the push;
                      --latency-file writes each batch's send time and latency, in sending order
              query   [--url ...] [--tenant acme] [--runs 5] [--queries FILE] [--start NS|RFC3339] [--end ...]
                      [--step 60] [--limit 1000] [--no-nonce] [--rss-pid PID]
                      runs the benchmark query set (or one query per line of FILE) and the repeated-query test
              isolation [--url ...] [--tenant acme] [--scale 10 | --no-load] [--push-tenant sigyn-bench-isolation]
                      [--push-rate 20] [--seconds 30] [--queries-concurrency 50] [--queries FILE] [--start ...] [--end ...]
                      [--step 60] [--limit 1000] [--rss-pid PID]
                      loads the dataset into --tenant, then measures small steady pushes to --push-tenant for --seconds
                      idle and for --seconds while --queries-concurrency clients loop heavy queries; exit 1 if a push failed
              freshness [--push-url ...] [--query-url ...] [--tenant T] [--seconds 30] [--interval-ms 200] [--streams 16]
                      pushes one line at a time and measures how long until a query finds it (p50, p99, max)
              rss     PID          resident memory of a process
              stored  DIR          bytes stored under a directory
              compare A.txt B.txt  the figure lines of two saved runs side by side
              plot    OUT.png SCALE=FILE ...  query medians of saved query runs at several scales, as a PNG
            """;

    private SigynBench() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs one command; returns the exit status (0 ok, 1 the server reported errors, 2 wrong usage). */
    public static int run(String[] args, PrintStream out) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        Figures figures = new Figures();
        try {
            int status = switch (args[0]) {
                case "push" -> PushCommand.run(new Options(rest, PushCommand.VALUED, PushCommand.FLAGS), out, figures);
                case "query" -> QueryCommand.run(new Options(rest, QueryCommand.VALUED, QueryCommand.FLAGS), out, figures);
                case "isolation" -> IsolationCommand.run(new Options(rest, IsolationCommand.VALUED, IsolationCommand.FLAGS), out, figures);
                case "freshness" -> FreshnessCommand.run(new Options(rest, FreshnessCommand.VALUED, FreshnessCommand.FLAGS), out, figures);
                case "rss" -> {
                    rss(Long.parseLong(single(rest, "PID")), out, figures);
                    yield 0;
                }
                case "stored" -> {
                    stored(Path.of(single(rest, "DIR")), out, figures);
                    yield 0;
                }
                case "compare" -> {
                    if (rest.size() != 2) throw new Options.UsageException("compare needs two files");
                    Figures.compare(Figures.parse(Path.of(rest.get(0))), Figures.parse(Path.of(rest.get(1))), out);
                    yield 0;
                }
                case "plot" -> PlotCommand.run(rest, out);
                default -> throw new Options.UsageException("unknown command " + args[0]);
            };
            figures.print(out);
            return status;
        } catch (Options.UsageException | NumberFormatException e) {
            out.println("sigyn-bench: " + e.getMessage());
            out.print(USAGE);
            return 2;
        } catch (IOException e) {
            out.println("sigyn-bench: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static void rss(long pid, PrintStream out, Figures figures) throws IOException {
        long bytes = LocalFigures.rssBytes(pid);
        out.printf(Locale.ROOT, "rss: process %d has %.1f MB resident%n", pid, bytes / 1e6);
        figures.put("rss.mb", bytes / 1e6);
    }

    private static void stored(Path dir, PrintStream out, Figures figures) throws IOException {
        Map<String, Long> sizes = LocalFigures.directorySizes(dir);
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        sizes.forEach((name, bytes) -> out.printf(Locale.ROOT, "stored: %-24s %10.1f MB%n", name, bytes / 1e6));
        out.printf(Locale.ROOT, "stored: %s holds %.1f MB%n", dir, total / 1e6);
        figures.put("stored.mb", total / 1e6);
    }

    private static String single(List<String> rest, String what) {
        if (rest.size() != 1) throw new Options.UsageException("expected one argument: " + what);
        new Options(rest, Set.of(), Set.of()); // rejects options
        return rest.get(0);
    }

    static String baseUrl(Options o) {
        String url = o.get("url", "http://127.0.0.1:3100");
        while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
        return url;
    }

    /** HTTP/1.1 (no h2c upgrade attempts), like the log shippers Loki serves. */
    static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static String abbreviate(String s) {
        String oneLine = s.strip().replace('\n', ' ');
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}

package dev.sigyn.logql.bench;

import dev.sigyn.logql.Corpus;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lines per second of the log pipeline over the conformance dataset, one figure per kind of work: a literal
 * filter, a regex filter, and the json, logfmt and pattern parsers. Run with {@code bin/logql-bench}.
 * Each query runs over the dataset streams its selector matches, repeatedly for about two seconds after a warm-up.
 */
public final class PipelineBenchmark {
    private static final String[][] QUERIES = {
            {"literal filter", "{env=~\".+\"} |= \"error\""},
            {"regex filter", "{env=~\".+\"} |~ \"(?i)failed password for (root|admin|mallory)\""},
            {"json", "{app=~\"api|checkout\"} | json"},
            {"logfmt", "{app=\"worker\"} | logfmt"},
            {"pattern", "{job=\"nginx\"} | pattern \"<ip> - - [<_>] \\\"<method> <path> <_>\\\" <status> <size> \\\"<_>\\\" \\\"<agent>\\\" <rt>\""},
    };

    private record Stream(Labels labels, List<byte[]> lines, long bytes) {}

    private PipelineBenchmark() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        List<Stream> dataset = load();
        System.out.printf("dataset: %d streams, %d lines%n", dataset.size(), dataset.stream().mapToInt(s -> s.lines.size()).sum());
        for (String[] q : QUERIES) run(q[0], q[1], dataset, seconds);
    }

    private static void run(String name, String query, List<Stream> dataset, double seconds) {
        LogSelectorExpr expr = (LogSelectorExpr) Parser.parseExpr(query);
        List<Stream> selected = new ArrayList<>();
        for (Stream s : dataset) {
            boolean all = true;
            for (LabelMatcher m : expr.matchers()) all &= m.matches(s.labels);
            if (all) selected.add(s);
        }
        Pipeline pipeline = PipelineCompiler.compile(expr);
        timeOnce(pipeline, selected, seconds / 2); // warm-up: let the JIT compile the hot paths
        long[] r = timeOnce(pipeline, selected, seconds);
        double secs = r[2] / 1e9;
        System.out.printf("%-15s %12.0f lines/s %8.1f MB/s  (%d of %d lines kept)  %s%n", name, r[0] / secs,
                r[1] / secs / 1e6, r[3], r[0], query);
    }

    /** Returns {lines, bytes, nanos, kept}. */
    private static long[] timeOnce(Pipeline pipeline, List<Stream> streams, double seconds) {
        long lines = 0, bytes = 0, kept = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        do {
            for (Stream s : streams) {
                StreamPipeline sp = pipeline.forStream(s.labels);
                long ts = 0;
                for (byte[] line : s.lines) {
                    if (sp.process(ts++, line, line.length, Labels.EMPTY)) kept++;
                }
                lines += s.lines.size();
                bytes += s.bytes;
            }
        } while (System.nanoTime() < deadline);
        return new long[]{lines, bytes, System.nanoTime() - start, kept};
    }

    @SuppressWarnings("unchecked")
    private static List<Stream> load() {
        List<Stream> out = new ArrayList<>();
        Map<String, Object> tenants = (Map<String, Object>) Corpus.dataset().get("tenants");
        for (Object streams : tenants.values()) {
            for (Object o : (List<Object>) streams) {
                Map<String, Object> s = (Map<String, Object>) o;
                Map<String, String> labels = (Map<String, String>) s.get("stream");
                List<byte[]> lines = new ArrayList<>();
                long bytes = 0;
                for (Object v : (List<Object>) s.get("values")) {
                    byte[] line = ((String) ((List<Object>) v).get(1)).getBytes(StandardCharsets.UTF_8);
                    lines.add(line);
                    bytes += line.length;
                }
                out.add(new Stream(Labels.fromMap(labels), lines, bytes));
            }
        }
        return out;
    }
}

package dev.sigyn.microbench;

import dev.sigyn.bench.Dataset;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/**
 * The json, logfmt and pattern parsers as a query runs them (the log pipeline compiled from LogQL), over the acme
 * streams of the matching format, once extracting every label and once as the benchmark queries use them.
 * One operation runs all matching lines through the pipeline; {@code bytes} is log text per second.
 */
@State(Scope.Benchmark)
public class ParserBenchmark extends MicroBenchmark {
    private static final String PATTERN =
            "| pattern \"<ip> - - [<_>] \\\"<method> <path> <_>\\\" <status> <size> \\\"<_>\\\" \\\"<agent>\\\" <rt>\"";

    @Param({"json", "jsonFilter", "logfmt", "logfmtFilter", "pattern", "patternFilter"})
    public String parser;

    private List<Dataset.Stream> streams;
    private Pipeline pipeline;
    private long lineBytes;

    @Setup
    public void setUp() {
        String query = switch (parser) {
            case "json" -> "{app=~\"api|checkout\"} | json";
            case "jsonFilter" -> "{app=~\"api|checkout\"} | json | latency_ms > 100";
            case "logfmt" -> "{app=\"worker\"} | logfmt";
            case "logfmtFilter" -> "{app=\"worker\"} | logfmt | level=\"error\"";
            case "pattern" -> "{job=\"nginx\"} " + PATTERN;
            case "patternFilter" -> "{job=\"nginx\"} " + PATTERN + " | status >= 500";
            default -> throw new IllegalArgumentException(parser);
        };
        LogSelectorExpr selector = (LogSelectorExpr) Parser.parseExpr(query);
        streams = BenchData.matching(selector);
        if (streams.isEmpty()) throw new IllegalStateException("no stream matches " + query);
        pipeline = PipelineCompiler.compile(selector);
        for (Dataset.Stream s : streams) lineBytes += s.lineBytes();
    }

    @Benchmark
    public int parse(LineBytes counter) {
        int kept = 0;
        for (Dataset.Stream s : streams) {
            StreamPipeline sp = pipeline.forStream(Labels.fromMap(s.labels()));
            long[] ts = s.timestamps();
            byte[][] lines = s.lines();
            for (int i = 0; i < lines.length; i++) {
                if (sp.process(ts[i], lines[i], lines[i].length, Labels.EMPTY)) kept++;
            }
        }
        counter.bytes += lineBytes;
        return kept;
    }
}

package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.FilterCompiler;
import dev.sigyn.logql.syntax.LineFilterExpr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.StageExpr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Evaluates a log query whose pipeline goes beyond line filters ({@code | json | level="error" | line_format ...}):
 * reads every entry in range of the selected streams (only the leading line filters are pushed down to the
 * sources, since a per-stream limit applied before label filters would lose entries), runs the pipeline on each,
 * and regroups the surviving entries into streams by the labels the pipeline left them (stream labels, structured
 * metadata and extracted labels), keeping the first {@code limit} entries across all streams in the direction.
 *
 * <p>The kept lines are charged to the query's memory budget ({@link SampleData#context()}), and the query's
 * cancellation is checked per stream and every {@value #LINES_PER_CHECK} entries.
 *
 * <p>Not thread-safe; one instance per query.
 */
public final class LogQueryEvaluator {
    /** Entries run through the pipeline between two checks of the query's cancellation and memory charges. */
    private static final int LINES_PER_CHECK = 1024;

    private final SampleData data;

    public LogQueryEvaluator(SampleData data) {
        this.data = data;
    }

    /**
     * The answer's streams, sorted by label text, entries in {@code direction}.
     *
     * @param startNanos first timestamp included
     * @param endNanos   first timestamp excluded
     * @param limit      the most entries across all streams (≤ 0: no limit)
     * @throws dev.sigyn.logql.syntax.ParseException when the pipeline does not compile
     */
    public List<StreamResult> evaluate(LogSelectorExpr selector, long startNanos, long endNanos, Direction direction,
                                       int limit) throws IOException {
        // Structured metadata and extracted labels join the stream's labels, as Loki shows them without categories.
        List<Output> outputs = run(selector, startNanos, endNanos, direction, limit,
                (ts, sp) -> new Output(sp.labels().labels(), new Entry(ts, sp.line().toString())),
                o -> o.entry().timestampNanos(),
                o -> MemoryBudget.entryBytes(o.entry().line().length()) + MemoryBudget.labelsBytes(o.labels()));
        Map<Labels, List<Entry>> byLabels = new LinkedHashMap<>();
        for (Output o : outputs) byLabels.computeIfAbsent(o.labels(), l -> new ArrayList<>()).add(o.entry());
        List<StreamResult> result = new ArrayList<>(byLabels.size());
        byLabels.forEach((labels, entries) -> result.add(new StreamResult(labels, List.copyOf(entries))));
        result.sort(Comparator.comparing(s -> s.labels().toString()));
        return result;
    }

    /**
     * Like {@link #evaluate}, but each kept line keeps its labels apart by category (Loki's categorize-labels
     * encoding): the first {@code limit} lines in {@code direction} (≤ 0: all), not grouped into streams.
     */
    public List<LogLine> evaluateLines(LogSelectorExpr selector, long startNanos, long endNanos, Direction direction,
                                       int limit) throws IOException {
        return run(selector, startNanos, endNanos, direction, limit,
                (ts, sp) -> LogLine.of(ts, sp.line().toString(), sp.labels()), LogLine::timestampNanos,
                l -> MemoryBudget.entryBytes(l.line().length()) + MemoryBudget.labelsBytes(l.structuredMetadata())
                        + MemoryBudget.labelsBytes(l.parsed()));
    }

    /** Runs the pipeline over every entry in range; the outputs sorted in direction and cut to the limit. */
    private <T> List<T> run(LogSelectorExpr selector, long startNanos, long endNanos, Direction direction, int limit,
                            OutputMaker<T> maker, ToLongFunction<T> timeOf, ToLongFunction<T> sizeOf)
            throws IOException {
        Pipeline pipeline = PipelineCompiler.compile(selector);
        StreamQuery query = new StreamQuery(selector.matchers(), leadingFilter(selector.stages()), startNanos, endNanos,
                Direction.FORWARD, 0);
        MemoryBudget memory = data.context().memory();
        List<T> outputs = new ArrayList<>();
        for (StreamResult stream : data.select(query)) {
            data.checkCancelled();
            StreamPipeline sp = pipeline.forStream(stream.labels());
            int sinceCheck = 0;
            long uncharged = 0;
            for (Entry e : stream.entries()) {
                if (++sinceCheck == LINES_PER_CHECK) {
                    data.checkCancelled();
                    memory.charge(uncharged);
                    sinceCheck = 0;
                    uncharged = 0;
                }
                byte[] line = e.line().getBytes(StandardCharsets.UTF_8);
                if (sp.process(e.timestampNanos(), line, line.length, e.structuredMetadata())) {
                    T output = maker.make(e.timestampNanos(), sp);
                    outputs.add(output);
                    if (memory.isLimited()) uncharged += sizeOf.applyAsLong(output);
                }
            }
            memory.charge(uncharged);
        }
        // Stable: entries sharing a timestamp keep the order the streams were read in.
        Comparator<T> byTime = Comparator.comparingLong(timeOf);
        outputs.sort(direction == Direction.FORWARD ? byTime : byTime.reversed());
        int kept = limit <= 0 ? outputs.size() : Math.min(limit, outputs.size());
        return outputs.subList(0, kept);
    }

    /** What one processed line becomes; reads the pipeline's result before the next line replaces it. */
    @FunctionalInterface
    private interface OutputMaker<T> {
        T make(long timestampNanos, StreamPipeline processed);
    }

    /** The line filters written before the first other stage: the only ones a source may apply before the pipeline. */
    public static LineFilter leadingFilter(List<StageExpr> stages) {
        List<LineFilterExpr> leading = new ArrayList<>();
        for (StageExpr s : stages) {
            if (!(s instanceof LineFilterExpr f)) break;
            leading.add(f);
        }
        return leading.isEmpty() ? LineFilter.ALL : FilterCompiler.compile(leading);
    }

    private record Output(Labels labels, Entry entry) {
    }
}

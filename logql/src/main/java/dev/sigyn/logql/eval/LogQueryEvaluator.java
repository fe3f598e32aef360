package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.FilterCompiler;
import dev.sigyn.logql.syntax.LineFilterExpr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.StageExpr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates a log query whose pipeline goes beyond line filters ({@code | json | level="error" | line_format ...}).
 * The sources run the pipeline themselves ({@link LineData#selectLines}) and deliver only the lines that survive
 * it to one {@link FirstLines}, which keeps the first {@code limit} of them in the query's direction; once it holds
 * that many, the sources skip and stop reading what could not displace them. Only the leading line filters are
 * pushed down as the sources' filter, since a per-stream limit applied before label filters would lose entries.
 *
 * <p>The kept lines are charged to the query's memory budget ({@link LineData#context()}) until the query ends.
 */
public final class LogQueryEvaluator {
    private final LineData data;

    public LogQueryEvaluator(LineData data) {
        this.data = data;
    }

    /**
     * The answer's streams, sorted by label text, entries in {@code direction}: structured metadata and extracted
     * labels join the stream's labels, as Loki shows them without categories.
     *
     * @param startNanos first timestamp included
     * @param endNanos   first timestamp excluded
     * @param limit      the most entries across all streams (≤ 0: no limit)
     * @throws dev.sigyn.logql.syntax.ParseException when the pipeline does not compile
     */
    public List<StreamResult> evaluate(LogSelectorExpr selector, long startNanos, long endNanos, Direction direction,
                                       int limit) throws IOException {
        Map<Labels, List<Entry>> byLabels = new LinkedHashMap<>();
        for (LogLine l : evaluateLines(selector, startNanos, endNanos, direction, limit)) {
            byLabels.computeIfAbsent(l.allLabels(), k -> new ArrayList<>()).add(new Entry(l.timestampNanos(), l.line()));
        }
        // Sorted by label text, each text made once: a pipeline may turn every line into a stream of its own.
        Map<String, StreamResult> byText = new TreeMap<>();
        byLabels.forEach((labels, entries) -> byText.put(labels.toString(), new StreamResult(labels, List.copyOf(entries))));
        return new ArrayList<>(byText.values());
    }

    /**
     * Like {@link #evaluate}, but each kept line keeps its labels apart by category (Loki's categorize-labels
     * encoding): the first {@code limit} lines in {@code direction} (≤ 0: all), not grouped into streams.
     */
    public List<LogLine> evaluateLines(LogSelectorExpr selector, long startNanos, long endNanos, Direction direction,
                                       int limit) throws IOException {
        QueryContext context = data.context();
        StreamQuery query = new StreamQuery(selector.matchers(), leadingFilter(selector.stages()), startNanos, endNanos,
                direction, limit, context, selector);
        FirstLines answer = new FirstLines(direction, limit, context.memory().account());
        data.selectLines(query, selector, answer);
        data.checkCancelled(); // an answer cut short by a cancellation is not an answer
        return answer.lines();
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
}

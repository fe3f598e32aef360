package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.compile.SampleExtractors;
import dev.sigyn.logql.engine.AbsentLabels;
import dev.sigyn.logql.engine.BinaryOp;
import dev.sigyn.logql.engine.BinaryOperation;
import dev.sigyn.logql.engine.Grouping;
import dev.sigyn.logql.engine.LabelReplace;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.RangeAggregation;
import dev.sigyn.logql.engine.RangeFunction;
import dev.sigyn.logql.engine.ResultCollector;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.StepEvaluator;
import dev.sigyn.logql.engine.StepEvaluators;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.engine.VectorAggregation;
import dev.sigyn.logql.engine.VectorMatching;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.syntax.BinaryOpExpr;
import dev.sigyn.logql.syntax.FilterCompiler;
import dev.sigyn.logql.syntax.LabelReplaceExpr;
import dev.sigyn.logql.syntax.LiteralExpr;
import dev.sigyn.logql.syntax.LogRange;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.RangeAggregationExpr;
import dev.sigyn.logql.syntax.SampleExpr;
import dev.sigyn.logql.syntax.VectorAggregationExpr;
import dev.sigyn.logql.syntax.VectorExpr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a LogQL metric query over a time range (or at one instant) as Loki does: number-only expressions fold
 * into a scalar, everything else becomes a chain of {@link dev.sigyn.logql.engine} step evaluators fed by the log
 * lines {@link SampleData} returns. Range aggregations with parser stages, label filters or unwrap go through the
 * compiled pipeline and sample extractor ({@link SampleExtractors}).
 *
 * <p>The samples and series it reads are charged to the query's memory budget ({@link SampleData#context()}), and its
 * sources check the query's cancellation every {@value SampleExtraction#LINES_PER_CHECK} lines.
 *
 * <p>Not thread-safe; one instance per query.
 */
public final class QueryEvaluator {
    /** The range functions that count lines or bytes: the only ones a range without unwrap allows. */
    private static final Set<RangeFunction> LOG_RANGE_FUNCTIONS = EnumSet.of(RangeFunction.COUNT_OVER_TIME,
            RangeFunction.RATE, RangeFunction.BYTES_OVER_TIME, RangeFunction.BYTES_RATE, RangeFunction.ABSENT_OVER_TIME);

    private final SampleData data;
    private final int maxSeries;
    /** Where the samples read during {@link #evaluate} are charged; null outside it. */
    private MemoryBudget.Account read;

    /**
     * @param data      where log lines come from
     * @param maxSeries Loki's {@code max_query_series}: the most series a result may hold (≤ 0: no limit)
     */
    public QueryEvaluator(SampleData data, int maxSeries) {
        this.data = data;
        this.maxSeries = maxSeries;
    }

    /**
     * The answer to {@code expr} at every step: a {@link QueryResult.Matrix} for a range, a
     * {@link QueryResult.InstantVector} for an instant, or a {@link QueryResult.Scalar} for an instant
     * number-only expression ({@code 1 + 1}).
     *
     * @throws ParseException      for what the query may not do, or what Sigyn does not support yet
     * @throws dev.sigyn.logql.engine.EvaluationException for what fails while evaluating (series limit, matching
     *                             errors)
     * @throws IOException         when reading log lines fails
     */
    public QueryResult evaluate(SampleExpr expr, Steps steps) throws IOException {
        Double number = scalar(expr);
        if (number != null) return ResultCollector.literal(number, steps);
        // The samples read are held until the answer is assembled; the answer stays charged with the query.
        try (MemoryBudget.Account read = data.context().memory().account()) {
            this.read = read;
            return ResultCollector.collect(compile(expr, steps), steps, sorts(expr), maxSeries, data.context());
        } finally {
            this.read = null;
        }
    }

    /** The value of a number-only expression (literals joined by operators), or null when it involves vectors. */
    static Double scalar(SampleExpr expr) {
        return switch (expr) {
            case LiteralExpr l -> l.value();
            case BinaryOpExpr b -> {
                Double l = scalar(b.lhs());
                if (l == null) yield null;
                Double r = scalar(b.rhs());
                yield r == null ? null : operation(b).scalars(l, r);
            }
            default -> null;
        };
    }

    /** The evaluator of an expression that yields a vector at each step. */
    private StepEvaluator compile(SampleExpr expr, Steps steps) throws IOException {
        return switch (expr) {
            case RangeAggregationExpr r -> rangeAggregation(r, steps, null);
            case VectorAggregationExpr v when v.op() == VectorAggregationExpr.Op.SUM
                    && v.inner() instanceof RangeAggregationExpr r ->
                    vectorAggregation(v).evaluate(rangeAggregation(r, steps,
                            v.grouping() == null ? dev.sigyn.logql.syntax.Grouping.NONE : v.grouping()));
            case VectorAggregationExpr v -> vectorAggregation(v).evaluate(compile(vectorOperand(v.inner()), steps));
            case BinaryOpExpr b -> binary(b, steps);
            case VectorExpr v -> StepEvaluators.constant(v.value(), steps);
            case LabelReplaceExpr l -> labelReplace(l).evaluate(compile(vectorOperand(l.inner()), steps));
            case LiteralExpr l -> throw new ParseException("expected a vector expression, got a number", l.pos());
        };
    }

    private static SampleExpr vectorOperand(SampleExpr e) {
        if (scalar(e) != null) throw new ParseException("expected a vector expression, got a number", e.pos());
        return e;
    }

    private StepEvaluator binary(BinaryOpExpr b, Steps steps) throws IOException {
        BinaryOperation op = operation(b);
        Double lhs = scalar(b.lhs()), rhs = scalar(b.rhs());
        if (lhs != null && rhs != null) {
            throw new ParseException("expected a vector expression, got a number", b.pos());
        }
        if (lhs != null) return op.vectorScalar(compile(b.rhs(), steps), lhs, true);
        if (rhs != null) return op.vectorScalar(compile(b.lhs(), steps), rhs, false);
        return op.vectors(compile(b.lhs(), steps), compile(b.rhs(), steps));
    }

    private static BinaryOperation operation(BinaryOpExpr b) {
        BinaryOpExpr.Modifier m = b.modifier();
        VectorMatching.Cardinality cardinality = switch (m.cardinality()) {
            case ONE_TO_ONE -> VectorMatching.Cardinality.ONE_TO_ONE;
            case MANY_TO_ONE -> VectorMatching.Cardinality.MANY_TO_ONE;
            case ONE_TO_MANY -> VectorMatching.Cardinality.ONE_TO_MANY;
        };
        VectorMatching matching = new VectorMatching(cardinality, m.on(), m.matchingLabels(), m.include());
        return new BinaryOperation(BinaryOp.bySymbol(b.op().symbol()), m.returnBool(), matching);
    }

    private static VectorAggregation vectorAggregation(VectorAggregationExpr v) {
        VectorAggregation.Operation operation;
        try {
            operation = VectorAggregation.Operation.byName(v.op().function());
        } catch (IllegalArgumentException e) {
            throw new ParseException(v.op().function() + " is not supported yet", v.pos());
        }
        Grouping grouping = grouping(v.grouping());
        return new VectorAggregation(operation, v.param() == null ? 0 : v.param(), grouping == null ? Grouping.NONE : grouping);
    }

    private static LabelReplace labelReplace(LabelReplaceExpr l) {
        try {
            return new LabelReplace(l.destination(), l.replacement(), l.source(), l.regex());
        } catch (IllegalArgumentException e) {
            throw new ParseException(e.getMessage(), l.pos());
        }
    }

    private static Grouping grouping(dev.sigyn.logql.syntax.Grouping g) {
        if (g == null) return null;
        return new Grouping(g.without(), new HashSet<>(g.labels()));
    }

    /**
     * A range aggregation over log lines: reads every line of the selected streams that any step's window
     * (t − range − offset, t − offset] can see. Ranges with only line filters and no unwrap take one sample per
     * line (1, or its UTF-8 size for bytes_*) in its stream's series; others run the compiled pipeline and sample
     * extractor on each line, which also decides the line's series.
     *
     * @param enclosingSum the grouping of a {@code sum} directly around this aggregation, or null (see
     *                     {@link SampleExtractors#compile})
     */
    private StepEvaluator rangeAggregation(RangeAggregationExpr r, Steps steps,
                                           dev.sigyn.logql.syntax.Grouping enclosingSum) throws IOException {
        LogRange range = r.range();
        LogSelectorExpr selector = range.selector();
        boolean plain = range.unwrap() == null && selector.onlyLineFilters();
        if (!plain) SampleExtractors.compile(r, enclosingSum); // an invalid pipeline fails before anything is read
        RangeFunction function = RangeFunction.byName(r.op().function());
        if (plain && !LOG_RANGE_FUNCTIONS.contains(function)) {
            throw new ParseException("invalid aggregation " + function.logqlName + " without unwrap", r.pos());
        }
        // With a pipeline the series labels already follow the grouping (and keep errors visible).
        RangeAggregation aggregation = new RangeAggregation(function, range.rangeNanos(), range.offsetNanos(),
                range.unwrap() != null, r.param() == null ? 0 : r.param(), plain ? grouping(r.grouping()) : null);
        long[] bounds = aggregation.sampleBounds(steps);
        // Windows are open at the old end and closed at the new one; StreamQuery is the other way round.
        // Limit 0: every line (the sources read a limit of zero or less as none).
        LineFilter filter = plain ? FilterCompiler.compile(selector.filters())
                : LogQueryEvaluator.leadingFilter(selector.stages());
        StreamQuery query = new StreamQuery(selector.matchers(), filter, bounds[0] + 1, bounds[1] + 1,
                Direction.FORWARD, 0, QueryContext.none(), selector);
        boolean bytes = function == RangeFunction.BYTES_OVER_TIME || function == RangeFunction.BYTES_RATE;
        // The sources extract the samples where the lines are and deliver them stream by stream, possibly from
        // several threads; nothing is shared until a stream ends.
        List<StreamSeries> perStream = Collections.synchronizedList(new ArrayList<>());
        data.selectSamples(query, new SampleExtraction(r, enclosingSum, plain, bytes, read), new SampleSink() {
            @Override
            public void accept(Labels stream, List<SampleSink.ExtractedSeries> extracted) {
                List<Series> series = new ArrayList<>(extracted.size());
                for (SampleSink.ExtractedSeries e : extracted) series.add(new Series(e.labels(), e.samples()));
                perStream.add(new StreamSeries(stream.toString(), series));
            }

            @Override
            public void read(long lines, long bytes) {
            }
        });
        List<Series> series = inStreamOrder(perStream);
        data.checkCancelled();
        if (function == RangeFunction.ABSENT_OVER_TIME) {
            return aggregation.absent(series, steps, AbsentLabels.of(selector.matchers()));
        }
        return aggregation.evaluate(series, steps);
    }

    /** One stream's series, kept apart until every stream is read so that the result does not depend on timing. */
    private record StreamSeries(String streamText, List<Series> series) {}

    /** The series of every stream, streams in label-text order as the merged sources returned them. */
    private static List<Series> inStreamOrder(List<StreamSeries> perStream) {
        List<StreamSeries> sorted = new ArrayList<>(perStream);
        sorted.sort(Comparator.comparing(StreamSeries::streamText));
        List<Series> out = new ArrayList<>();
        for (StreamSeries s : sorted) out.addAll(s.series());
        return out;
    }

    /** Whether an instant result keeps the order the query produced (it contains sort or sort_desc), as Loki. */
    private static boolean sorts(SampleExpr expr) {
        return switch (expr) {
            case VectorAggregationExpr v -> v.op() == VectorAggregationExpr.Op.SORT
                    || v.op() == VectorAggregationExpr.Op.SORT_DESC || sorts(v.inner());
            case BinaryOpExpr b -> sorts(b.lhs()) || sorts(b.rhs());
            case LabelReplaceExpr l -> sorts(l.inner());
            case RangeAggregationExpr r -> false;
            case LiteralExpr l -> false;
            case VectorExpr v -> false;
        };
    }
}

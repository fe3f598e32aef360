package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.engine.AbsentLabels;
import dev.sigyn.logql.engine.BinaryOp;
import dev.sigyn.logql.engine.BinaryOperation;
import dev.sigyn.logql.engine.Grouping;
import dev.sigyn.logql.engine.LabelReplace;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.RangeAggregation;
import dev.sigyn.logql.engine.RangeFunction;
import dev.sigyn.logql.engine.ResultCollector;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.StepEvaluator;
import dev.sigyn.logql.engine.StepEvaluators;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.engine.VectorAggregation;
import dev.sigyn.logql.engine.VectorMatching;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.BinaryOpExpr;
import dev.sigyn.logql.syntax.FilterCompiler;
import dev.sigyn.logql.syntax.LabelReplaceExpr;
import dev.sigyn.logql.syntax.LineFilterExpr;
import dev.sigyn.logql.syntax.LiteralExpr;
import dev.sigyn.logql.syntax.LogRange;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Printer;
import dev.sigyn.logql.syntax.RangeAggregationExpr;
import dev.sigyn.logql.syntax.SampleExpr;
import dev.sigyn.logql.syntax.StageExpr;
import dev.sigyn.logql.syntax.VectorAggregationExpr;
import dev.sigyn.logql.syntax.VectorExpr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a LogQL metric query over a time range (or at one instant) as Loki does: number-only expressions fold
 * into a scalar, everything else becomes a chain of {@link dev.sigyn.logql.engine} step evaluators fed by the log
 * lines {@link SampleData} returns. Range aggregations may use line filters only for now; parser stages and unwrap
 * are refused with a {@link ParseException} (a 400 for the API).
 *
 * <p>Not thread-safe; one instance per query.
 */
public final class QueryEvaluator {
    /** The range functions that count lines or bytes: the only ones a range without unwrap allows. */
    private static final Set<RangeFunction> LOG_RANGE_FUNCTIONS = EnumSet.of(RangeFunction.COUNT_OVER_TIME,
            RangeFunction.RATE, RangeFunction.BYTES_OVER_TIME, RangeFunction.BYTES_RATE, RangeFunction.ABSENT_OVER_TIME);

    private final SampleData data;
    private final int maxSeries;

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
        return ResultCollector.collect(compile(expr, steps), steps, sorts(expr), maxSeries);
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
            case RangeAggregationExpr r -> rangeAggregation(r, steps);
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
     * (t − range − offset, t − offset] can see, one sample per line (1, or its UTF-8 size for bytes_*).
     */
    private StepEvaluator rangeAggregation(RangeAggregationExpr r, Steps steps) throws IOException {
        LogRange range = r.range();
        LogSelectorExpr selector = range.selector();
        if (range.unwrap() != null) {
            throw new ParseException("unwrap is not supported yet", range.unwrap().pos());
        }
        for (StageExpr stage : selector.stages()) {
            if (!(stage instanceof LineFilterExpr)) {
                throw new ParseException("pipeline stage `" + Printer.print(stage)
                        + "` is not supported yet in metric queries", stage.pos());
            }
        }
        RangeFunction function = RangeFunction.byName(r.op().function());
        if (!LOG_RANGE_FUNCTIONS.contains(function)) {
            throw new ParseException("invalid aggregation " + function.logqlName + " without unwrap", r.pos());
        }
        RangeAggregation aggregation = new RangeAggregation(function, range.rangeNanos(), range.offsetNanos(), false,
                r.param() == null ? 0 : r.param(), grouping(r.grouping()));
        long[] bounds = aggregation.sampleBounds(steps);
        // Windows are open at the old end and closed at the new one; StreamQuery is the other way round.
        // Limit 0: every line (the sources read a limit of zero or less as none).
        StreamQuery query = new StreamQuery(selector.matchers(), FilterCompiler.compile(selector.filters()),
                bounds[0] + 1, bounds[1] + 1, Direction.FORWARD, 0);
        boolean bytes = function == RangeFunction.BYTES_OVER_TIME || function == RangeFunction.BYTES_RATE;
        List<Series> series = new ArrayList<>();
        for (StreamResult stream : data.select(query)) series.add(new Series(stream.labels(), samples(stream, bytes)));
        if (function == RangeFunction.ABSENT_OVER_TIME) {
            return aggregation.absent(series, steps, AbsentLabels.of(selector.matchers()));
        }
        return aggregation.evaluate(series, steps);
    }

    private static List<Sample> samples(StreamResult stream, boolean bytes) {
        List<Sample> samples = new ArrayList<>(stream.entries().size());
        for (Entry e : stream.entries()) samples.add(new Sample(e.timestampNanos(), bytes ? utf8Length(e.line()) : 1));
        return samples;
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

    /** Bytes of the text in UTF-8, without encoding it (unpaired surrogates count as the 3 bytes of U+FFFD). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}

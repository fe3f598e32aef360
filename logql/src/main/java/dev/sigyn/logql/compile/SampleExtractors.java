package dev.sigyn.logql.compile;

import dev.sigyn.logql.pipeline.LabelFilter;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.SampleExtractor;
import dev.sigyn.logql.syntax.Grouping;
import dev.sigyn.logql.syntax.LabelFilterExpr;
import dev.sigyn.logql.syntax.LogRange;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.RangeAggregationExpr;
import dev.sigyn.logql.syntax.RangeAggregationExpr.Op;
import dev.sigyn.logql.syntax.UnwrapExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles the log range of a range aggregation into a {@link SampleExtractor} (1 per line for
 * {@code count_over_time}, {@code rate}, {@code absent_over_time}; the line's bytes for {@code bytes_*}; the
 * unwrapped label otherwise) and the {@link SeriesLabels} that place each sample in a series, with Loki 2.9's
 * grouping rules. Parsers get hints ({@link NeededLabels}) when the series keep few labels.
 */
public final class SampleExtractors {
    private SampleExtractors() {
    }

    /** The extractor and the series rule of one range aggregation. */
    public record Compiled(SampleExtractor extractor, SeriesLabels seriesLabels) {
    }

    /** The extractor of {@code expr} on its own (no enclosing aggregation taken into account). */
    public static SampleExtractor of(RangeAggregationExpr expr) {
        return compile(expr, null).extractor();
    }

    /**
     * Compiles {@code expr}. {@code enclosingSum} is the grouping of a {@code sum} directly around it
     * ({@link Grouping#NONE} for a plain {@code sum(...)}), or null: as in Loki, it replaces the range
     * aggregation's own (absent) grouping for the functions where that cannot change the sum (count_over_time,
     * rate, bytes_over_time, bytes_rate, sum_over_time), which lets parsers skip labels nobody reads.
     */
    public static Compiled compile(RangeAggregationExpr expr, Grouping enclosingSum) {
        Grouping grouping = expr.grouping();
        if (grouping == null && enclosingSum != null && sumCanPushDown(expr.op())) grouping = enclosingSum;
        List<String> groups = new ArrayList<>();
        boolean without = false;
        boolean noLabels = false;
        if (grouping != null) {
            groups.addAll(grouping.labels());
            without = grouping.without();
            noLabels = groups.isEmpty();
        }
        if (expr.op() == Op.ABSENT_OVER_TIME) noLabels = true;

        LogRange range = expr.range();
        UnwrapExpr unwrap = range.unwrap();
        if (unwrap == null) {
            if (!linesOnly(expr.op())) {
                throw new ParseException("invalid aggregation " + expr.op().function() + " without unwrap", expr.pos());
            }
            Set<String> needed = NeededLabels.of(range.selector().stages(), List.of(), null, groups, without, noLabels);
            Pipeline pipeline = PipelineCompiler.compile(range.selector().stages(), needed);
            SampleExtractor extractor = countsLines(expr.op())
                    ? SampleExtractor.countLines(pipeline) : SampleExtractor.lineBytes(pipeline);
            return new Compiled(extractor, new SeriesLabels(noLabels, without, groups));
        }
        // rate is the one line function that also takes unwrapped values (their sum per second).
        if (linesOnly(expr.op()) && expr.op() != Op.RATE) {
            throw new ParseException("invalid aggregation " + expr.op().function() + " with unwrap", expr.pos());
        }
        // Without a "by", the unwrapped label would give every value its own series: Loki leaves it out.
        if (groups.isEmpty() || without) {
            without = true;
            if (!groups.contains(unwrap.label())) groups.add(unwrap.label());
        }
        Set<String> needed = NeededLabels.of(range.selector().stages(), unwrap.postFilters(), unwrap.label(),
                groups, without, noLabels);
        Pipeline pipeline = PipelineCompiler.compile(range.selector().stages(), needed);
        List<LabelFilter> postFilters = new ArrayList<>();
        for (LabelFilterExpr f : unwrap.postFilters()) postFilters.add(LabelFilters.compile(f));
        SampleExtractor extractor = SampleExtractor.unwrap(pipeline, unwrap.label(), conversion(unwrap.conversion()),
                postFilters);
        return new Compiled(extractor, new SeriesLabels(noLabels, without, groups));
    }

    private static boolean linesOnly(Op op) {
        return countsLines(op) || op == Op.BYTES_OVER_TIME || op == Op.BYTES_RATE;
    }

    private static boolean countsLines(Op op) {
        return op == Op.COUNT_OVER_TIME || op == Op.RATE || op == Op.ABSENT_OVER_TIME;
    }

    private static boolean sumCanPushDown(Op op) {
        return switch (op) {
            case BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME, RATE, COUNT_OVER_TIME -> true;
            default -> false;
        };
    }

    private static SampleExtractor.Conversion conversion(UnwrapExpr.Conversion conversion) {
        return switch (conversion) {
            case NONE -> SampleExtractor.Conversion.FLOAT;
            case BYTES -> SampleExtractor.Conversion.BYTES;
            case DURATION, DURATION_SECONDS -> SampleExtractor.Conversion.DURATION_SECONDS;
        };
    }
}

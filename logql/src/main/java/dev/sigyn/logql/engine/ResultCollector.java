package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a step evaluator into the query's answer, as Loki's engine assembles it. */
public final class ResultCollector {
    private ResultCollector() {
    }

    /**
     * An instant query gives the single step's vector, sorted by labels unless {@code keepOrder} (the query contains
     * sort or sort_desc); a range query gives a matrix: one series per label set seen at any step, sorted by labels,
     * holding a point at each step where it had a value.
     *
     * @param maxSeries the largest number of series allowed (≤ 0: no limit)
     * @throws EvaluationException when the series limit is exceeded
     */
    public static QueryResult collect(StepEvaluator evaluator, Steps steps, boolean keepOrder, int maxSeries) {
        if (steps.isInstant()) {
            Vector v = evaluator.hasNext() ? evaluator.next() : new Vector(steps.startNanos(), List.of());
            checkLimit(v.elements().size(), maxSeries);
            List<LabeledValue> elements = new ArrayList<>(v.elements());
            if (!keepOrder) elements.sort(Comparator.comparing(LabeledValue::labels));
            return new QueryResult.InstantVector(steps.startNanos(), elements);
        }
        Map<Labels, List<Sample>> series = new HashMap<>();
        while (evaluator.hasNext()) {
            Vector v = evaluator.next();
            for (LabeledValue e : v.elements()) {
                List<Sample> points = series.get(e.labels());
                if (points == null) {
                    checkLimit(series.size() + 1, maxSeries);
                    series.put(e.labels(), points = new ArrayList<>());
                }
                points.add(new Sample(v.tsNanos(), e.value()));
            }
        }
        List<Series> out = new ArrayList<>(series.size());
        series.forEach((labels, points) -> out.add(new Series(labels, points)));
        out.sort(Comparator.comparing(Series::labels));
        return new QueryResult.Matrix(out);
    }

    /** A number literal as the whole query: a scalar for an instant query, else a label-less series at each step. */
    public static QueryResult literal(double value, Steps steps) {
        if (steps.isInstant()) return new QueryResult.Scalar(steps.startNanos(), value);
        return collect(StepEvaluators.constant(value, steps), steps, false, 0);
    }

    private static void checkLimit(int series, int maxSeries) {
        if (maxSeries > 0 && series > maxSeries) {
            throw new EvaluationException("maximum of series (" + maxSeries + ") reached for a single query");
        }
    }
}

package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.QueryContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a step evaluator into the query's answer, as Loki's engine assembles it. */
public final class ResultCollector {
    private ResultCollector() {
    }

    /** {@link #collect(StepEvaluator, Steps, boolean, int, QueryContext)} for no query in particular. */
    public static QueryResult collect(StepEvaluator evaluator, Steps steps, boolean keepOrder, int maxSeries) {
        return collect(evaluator, steps, keepOrder, maxSeries, QueryContext.none());
    }

    /**
     * An instant query gives the single step's vector, sorted by labels unless {@code keepOrder} (the query contains
     * sort or sort_desc); a range query gives a matrix: one series per label set seen at any step, sorted by labels,
     * holding a point at each step where it had a value. The answer's series and points are charged to the query's
     * memory budget (they are held until the query ends), and each step checks whether the query was cancelled.
     *
     * @param maxSeries the largest number of series allowed (≤ 0: no limit)
     * @throws EvaluationException when the series limit is exceeded
     * @throws dev.sigyn.logql.LimitExceededException when the answer passes the query's memory budget
     */
    public static QueryResult collect(StepEvaluator evaluator, Steps steps, boolean keepOrder, int maxSeries,
                                      QueryContext context) {
        MemoryBudget memory = context.memory();
        if (steps.isInstant()) {
            context.checkCancelled();
            Vector v = evaluator.hasNext() ? evaluator.next() : new Vector(steps.startNanos(), List.of());
            checkLimit(v.elements().size(), maxSeries);
            if (memory.isLimited()) {
                long bytes = 0;
                for (LabeledValue e : v.elements()) bytes += MemoryBudget.seriesBytes(e.labels());
                memory.charge(bytes);
            }
            List<LabeledValue> elements = new ArrayList<>(v.elements());
            if (!keepOrder) elements.sort(Comparator.comparing(LabeledValue::labels));
            return new QueryResult.InstantVector(steps.startNanos(), elements);
        }
        Map<Labels, List<Sample>> series = new HashMap<>();
        while (evaluator.hasNext()) {
            context.checkCancelled();
            Vector v = evaluator.next();
            long bytes = v.elements().size() * MemoryBudget.SAMPLE_BYTES;
            for (LabeledValue e : v.elements()) {
                List<Sample> points = series.get(e.labels());
                if (points == null) {
                    checkLimit(series.size() + 1, maxSeries);
                    series.put(e.labels(), points = new ArrayList<>());
                    if (memory.isLimited()) bytes += MemoryBudget.seriesBytes(e.labels());
                }
                points.add(new Sample(v.tsNanos(), e.value()));
            }
            memory.charge(bytes);
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

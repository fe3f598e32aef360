package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A range aggregation such as {@code rate({app="web"}[5m] offset 1h)} evaluated at each step over the extracted
 * samples of each series. The window at step t is (t − range − offset, t − offset]: a sample exactly at the lower
 * edge is out, one at the upper edge is in. Each series keeps two cursors that only move forward, so every sample
 * enters and leaves the window once; a series without samples in the window yields nothing at that step.
 *
 * @param function   the range function
 * @param rangeNanos the selector's range
 * @param offsetNanos the selector's offset (0 when none)
 * @param unwrapped  whether the samples come from {@code | unwrap} (changes what rate means)
 * @param parameter  φ for quantile_over_time, ignored otherwise
 * @param grouping   the by/without clause of the range aggregation, or null when it has none: samples of series
 *                   that share the grouped labels are merged into one series before the window is applied, as
 *                   Loki's sample extractor does
 */
public record RangeAggregation(RangeFunction function, long rangeNanos, long offsetNanos, boolean unwrapped,
                               double parameter, Grouping grouping) {

    static final String ERROR_LABEL = "__error__";

    public RangeAggregation {
        if (rangeNanos <= 0) throw new IllegalArgumentException("range must be positive");
    }

    public static RangeAggregation of(RangeFunction function, long rangeNanos) {
        return new RangeAggregation(function, rangeNanos, 0, false, 0, null);
    }

    public RangeAggregation withOffset(long offset) {
        return new RangeAggregation(function, rangeNanos, offset, unwrapped, parameter, grouping);
    }

    public RangeAggregation withUnwrap() {
        return new RangeAggregation(function, rangeNanos, offsetNanos, true, parameter, grouping);
    }

    public RangeAggregation withParameter(double p) {
        return new RangeAggregation(function, rangeNanos, offsetNanos, unwrapped, p, grouping);
    }

    public RangeAggregation withGrouping(Grouping g) {
        return new RangeAggregation(function, rangeNanos, offsetNanos, unwrapped, parameter, g);
    }

    /** The oldest sample time (exclusive) and newest (inclusive) any step needs: what to read from storage. */
    public long[] sampleBounds(Steps steps) {
        return new long[]{steps.startNanos() - rangeNanos - offsetNanos, steps.endNanos() - offsetNanos};
    }

    /**
     * Evaluates over {@code input}: one entry per series, samples sorted by time. With a by/without clause the
     * input series are first merged by their grouped labels. Output elements at each step
     * are ordered by labels.
     *
     * @throws EvaluationException (lazily, from the evaluator) when a series carrying an {@code __error__} label has
     *                             samples in a window, as Loki refuses errors in metrics
     */
    public StepEvaluator evaluate(List<Series> input, Steps steps) {
        if (function == RangeFunction.ABSENT_OVER_TIME) {
            throw new IllegalArgumentException("use absent(...) for absent_over_time");
        }
        return new Windows(prepare(input), steps);
    }

    /**
     * absent_over_time: at each step with no sample in any series, one element valued 1 carrying
     * {@code absentLabels} (see {@link AbsentLabels}); nothing at other steps.
     */
    public StepEvaluator absent(List<Series> input, Steps steps, Labels absentLabels) {
        Windows windows = new Windows(prepare(input), steps);
        return new StepEvaluator() {
            public boolean hasNext() { return windows.hasNext(); }

            public Vector next() {
                Vector v = windows.next();
                if (!v.isEmpty()) return new Vector(v.tsNanos(), List.of());
                return new Vector(v.tsNanos(), List.of(new LabeledValue(absentLabels, 1)));
            }
        };
    }

    private List<Cursor> prepare(List<Series> input) {
        Map<Labels, List<Series>> groups = new LinkedHashMap<>();
        for (Series s : input) {
            Labels key = grouping == null ? s.labels() : grouping.apply(s.labels());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<Cursor> cursors = new ArrayList<>(groups.size());
        groups.forEach((labels, members) -> cursors.add(merge(labels, members)));
        cursors.sort(Comparator.comparing(c -> c.labels));
        return cursors;
    }

    /**
     * One cursor over the samples of all {@code members}, merged by time. Each member is already sorted, so runs are
     * merged pairwise (n log k) on primitive arrays; on equal times the earlier member's sample comes first.
     */
    private static Cursor merge(Labels labels, List<Series> members) {
        List<long[]> times = new ArrayList<>(members.size());
        List<double[]> values = new ArrayList<>(members.size());
        for (Series s : members) {
            List<Sample> samples = s.samples();
            long[] ts = new long[samples.size()];
            double[] v = new double[samples.size()];
            for (int i = 0; i < ts.length; i++) {
                Sample sample = samples.get(i);
                ts[i] = sample.tsNanos();
                v[i] = sample.value();
            }
            times.add(ts);
            values.add(v);
        }
        while (times.size() > 1) {
            List<long[]> mergedTimes = new ArrayList<>((times.size() + 1) / 2);
            List<double[]> mergedValues = new ArrayList<>((times.size() + 1) / 2);
            for (int r = 0; r < times.size(); r += 2) {
                if (r + 1 == times.size()) {
                    mergedTimes.add(times.get(r));
                    mergedValues.add(values.get(r));
                    continue;
                }
                long[] at = times.get(r), bt = times.get(r + 1);
                double[] av = values.get(r), bv = values.get(r + 1);
                long[] ts = new long[at.length + bt.length];
                double[] v = new double[ts.length];
                int i = 0, j = 0, o = 0;
                while (i < at.length && j < bt.length) {
                    if (bt[j] < at[i]) {
                        ts[o] = bt[j];
                        v[o++] = bv[j++];
                    } else {
                        ts[o] = at[i];
                        v[o++] = av[i++];
                    }
                }
                for (; i < at.length; i++, o++) {
                    ts[o] = at[i];
                    v[o] = av[i];
                }
                for (; j < bt.length; j++, o++) {
                    ts[o] = bt[j];
                    v[o] = bv[j];
                }
                mergedTimes.add(ts);
                mergedValues.add(v);
            }
            times = mergedTimes;
            values = mergedValues;
        }
        return new Cursor(labels, times.getFirst(), values.getFirst());
    }

    /** One series' samples as arrays, with the window [lo, hi) over them. */
    private static final class Cursor {
        final Labels labels;
        final boolean hasError;
        final long[] ts;
        final double[] v;
        int lo, hi;

        Cursor(Labels labels, long[] ts, double[] v) {
            this.labels = labels;
            this.hasError = labels.get(ERROR_LABEL) != null;
            this.ts = ts;
            this.v = v;
        }

        /** Moves the window to (start, end]; both edges only move forward as steps advance. */
        void slide(long start, long end) {
            while (hi < ts.length && ts[hi] <= end) hi++;
            while (lo < hi && ts[lo] <= start) lo++;
        }
    }

    private final class Windows implements StepEvaluator {
        private final List<Cursor> cursors;
        private final Steps steps;
        private final int count;
        private int step;

        Windows(List<Cursor> cursors, Steps steps) {
            this.cursors = cursors;
            this.steps = steps;
            this.count = steps.count();
        }

        public boolean hasNext() {
            return step < count;
        }

        public Vector next() {
            if (!hasNext()) throw new NoSuchElementException();
            long t = steps.at(step++);
            long end = t - offsetNanos;
            long start = end - rangeNanos;
            List<LabeledValue> out = new ArrayList<>();
            for (Cursor c : cursors) {
                c.slide(start, end);
                if (c.lo == c.hi) continue;
                if (c.hasError) throw new PipelineError(c.labels);
                double value = function.apply(c.ts, c.v, c.lo, c.hi, rangeNanos, unwrapped, parameter);
                out.add(new LabeledValue(c.labels, value));
            }
            return new Vector(t, out);
        }
    }
}

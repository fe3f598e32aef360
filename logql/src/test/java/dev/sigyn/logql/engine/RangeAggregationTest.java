package dev.sigyn.logql.engine;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangeAggregationTest {
    static final long S = 1_000_000_000L;
    static final Labels A = Labels.of("app", "a");
    static final Labels B = Labels.of("app", "b");

    /** Samples at the given seconds, each with the given value. */
    static Series series(Labels labels, double[][] secondsAndValues) {
        List<Sample> samples = new ArrayList<>();
        for (double[] p : secondsAndValues) samples.add(new Sample((long) (p[0] * S), p[1]));
        return new Series(labels, samples);
    }

    static Series lines(Labels labels, long... seconds) {
        List<Sample> samples = new ArrayList<>();
        for (long s : seconds) samples.add(new Sample(s * S, 1));
        return new Series(labels, samples);
    }

    static double instant(RangeAggregation agg, long atSeconds, Series... input) {
        Vector v = agg.evaluate(List.of(input), Steps.instant(atSeconds * S)).next();
        assertEquals(1, v.elements().size(), "one element expected: " + v);
        return v.elements().getFirst().value();
    }

    static List<Vector> all(StepEvaluator e) {
        List<Vector> out = new ArrayList<>();
        e.forEachRemaining(out::add);
        return out;
    }

    @Test
    void windowExcludesSampleAtLowerEdgeAndIncludesSampleAtUpperEdge() {
        RangeAggregation count = RangeAggregation.of(RangeFunction.COUNT_OVER_TIME, 10 * S);
        // window at t=100 is (90, 100]
        assertEquals(2, instant(count, 100, lines(A, 90, 95, 100, 101)));
    }

    @Test
    void seriesWithoutSamplesInTheWindowIsAbsentFromTheStep() {
        RangeAggregation count = RangeAggregation.of(RangeFunction.COUNT_OVER_TIME, 10 * S);
        Vector v = count.evaluate(List.of(lines(A, 1, 2), lines(B, 50)), Steps.instant(55 * S)).next();
        assertEquals(List.of(new LabeledValue(B, 1)), v.elements());
    }

    @Test
    void stepsSlideTheWindowAndOverlap() {
        RangeAggregation count = RangeAggregation.of(RangeFunction.COUNT_OVER_TIME, 20 * S);
        List<Vector> steps = all(count.evaluate(List.of(lines(A, 5, 10, 15, 25, 35, 60)),
                Steps.range(10 * S, 50 * S, 10 * S)));
        List<Double> counts = new ArrayList<>();
        for (Vector v : steps) counts.add(v.isEmpty() ? -1 : v.elements().getFirst().value());
        // t=10:(−10,10]→5,10; t=20:(0,20]→5,10,15; t=30:(10,30]→15,25; t=40:(20,40]→25,35; t=50:(30,50]→35
        assertEquals(List.of(2.0, 3.0, 2.0, 2.0, 1.0), counts);
        assertEquals(List.of(10 * S, 20 * S, 30 * S, 40 * S, 50 * S), steps.stream().map(Vector::tsNanos).toList());
    }

    @Test
    void offsetShiftsTheWindowButNotTheStepTime() {
        RangeAggregation count = RangeAggregation.of(RangeFunction.COUNT_OVER_TIME, 10 * S).withOffset(60 * S);
        Vector v = count.evaluate(List.of(lines(A, 35, 40, 45, 95)), Steps.instant(100 * S)).next();
        assertEquals(100 * S, v.tsNanos());
        assertEquals(2, v.elements().getFirst().value()); // window (30, 40]: 35 and 40
    }

    @Test
    void ratesDivideByTheRangeInSeconds() {
        Series s = series(A, new double[][]{{1, 100}, {2, 200}, {3, 300}});
        assertEquals(3 / 60.0, instant(RangeAggregation.of(RangeFunction.RATE, 60 * S), 10, s));
        assertEquals(600 / 60.0, instant(RangeAggregation.of(RangeFunction.RATE, 60 * S).withUnwrap(), 10, s));
        assertEquals(600 / 60.0, instant(RangeAggregation.of(RangeFunction.BYTES_RATE, 60 * S), 10, s));
        assertEquals(600, instant(RangeAggregation.of(RangeFunction.BYTES_OVER_TIME, 60 * S), 10, s));
    }

    @Test
    void unwrappedStatistics() {
        Series s = series(A, new double[][]{{1, 2}, {2, 4}, {3, 4}, {4, 4}, {5, 5}, {6, 5}, {7, 7}, {8, 9}});
        RangeAggregation base = RangeAggregation.of(RangeFunction.SUM_OVER_TIME, 60 * S);
        assertEquals(40, instant(base, 10, s));
        assertEquals(5, instant(new RangeAggregation(RangeFunction.AVG_OVER_TIME, 60 * S, 0, true, 0, null), 10, s));
        assertEquals(2, instant(new RangeAggregation(RangeFunction.MIN_OVER_TIME, 60 * S, 0, true, 0, null), 10, s));
        assertEquals(9, instant(new RangeAggregation(RangeFunction.MAX_OVER_TIME, 60 * S, 0, true, 0, null), 10, s));
        assertEquals(4, instant(new RangeAggregation(RangeFunction.STDVAR_OVER_TIME, 60 * S, 0, true, 0, null), 10, s));
        assertEquals(2, instant(new RangeAggregation(RangeFunction.STDDEV_OVER_TIME, 60 * S, 0, true, 0, null), 10, s));
        assertEquals(2, instant(new RangeAggregation(RangeFunction.FIRST_OVER_TIME, 60 * S, 0, true, 0, null), 10, s));
        assertEquals(9, instant(new RangeAggregation(RangeFunction.LAST_OVER_TIME, 60 * S, 0, true, 0, null), 10, s));
    }

    @Test
    void quantileInterpolatesBetweenRanks() {
        Series s = series(A, new double[][]{{1, 40}, {2, 10}, {3, 30}, {4, 20}});
        RangeAggregation q = RangeAggregation.of(RangeFunction.QUANTILE_OVER_TIME, 60 * S);
        assertEquals(25, instant(q.withParameter(0.5), 10, s)); // rank 1.5 between 20 and 30
        assertEquals(37, instant(q.withParameter(0.9), 10, s), 1e-9); // rank 2.7: 30*0.3 + 40*0.7
        assertEquals(10, instant(q.withParameter(0), 10, s));
        assertEquals(Double.POSITIVE_INFINITY, instant(q.withParameter(1.5), 10, s));
        assertEquals(Double.NEGATIVE_INFINITY, instant(q.withParameter(-1), 10, s));
    }

    @Test
    void rateCounterAddsBackResetsAndExtrapolatesLikeLoki() {
        // Values 10, 20, 5 (reset) at 10s, 20s, 30s; range 60s. Increase = 5 - 10 + 20 = 15.
        // Loki's unit mix-up: durationToStart = 60 (s), end gap 0, interval and average in microseconds:
        // sampled = 2e7, average = 1e7, zero point = 2e7 * 10/15 = 1.33e7 → start gap min(60, 1.33e7) = 60 < 1.1e7:
        // extrapolated over 2e7 + 60, so rate = 15 * (2e7 + 60) / 2e7 / 60.
        Series s = series(A, new double[][]{{10, 10}, {20, 20}, {30, 5}});
        double expected = 15 * ((2e7 + 60) / 2e7) / 60;
        assertEquals(expected, instant(RangeAggregation.of(RangeFunction.RATE_COUNTER, 60 * S).withUnwrap(), 30, s), 1e-12);
        assertEquals(0, instant(RangeAggregation.of(RangeFunction.RATE_COUNTER, 60 * S), 30, series(A, new double[][]{{10, 3}})));
    }

    @Test
    void groupingMergesSeriesBeforeTheWindow() {
        Labels a1 = Labels.of("app", "a", "pod", "1"), a2 = Labels.of("app", "a", "pod", "2");
        Series s1 = series(a1, new double[][]{{1, 1}, {3, 3}});
        Series s2 = series(a2, new double[][]{{2, 2}, {4, 10}});
        RangeAggregation first = new RangeAggregation(RangeFunction.FIRST_OVER_TIME, 60 * S, 0, true, 0, Grouping.by("app"));
        RangeAggregation last = first.withGrouping(Grouping.without("pod"));
        RangeAggregation median = new RangeAggregation(RangeFunction.QUANTILE_OVER_TIME, 60 * S, 0, true, 0.5, Grouping.by("app"));
        Vector v = first.evaluate(List.of(s1, s2), Steps.instant(10 * S)).next();
        assertEquals(List.of(new LabeledValue(A, 1)), v.elements());
        assertEquals(10, new RangeAggregation(RangeFunction.LAST_OVER_TIME, 60 * S, 0, true, 0, last.grouping())
                .evaluate(List.of(s1, s2), Steps.instant(10 * S)).next().elements().getFirst().value());
        assertEquals(2.5, median.evaluate(List.of(s1, s2), Steps.instant(10 * S)).next().elements().getFirst().value());
    }

    @Test
    void mergingManySeriesKeepsTimeOrderAndInputOrderOnTies() {
        List<Series> input = new ArrayList<>();
        for (int pod = 0; pod < 5; pod++) {
            // pod p has samples at seconds p, p+5, p+10, ... valued p; all pods also have one at second 100.
            double[][] points = new double[21][];
            for (int k = 0; k < 20; k++) points[k] = new double[]{pod + 5 * k, pod};
            points[20] = new double[]{100, pod};
            input.add(series(Labels.of("app", "a", "pod", Integer.toString(pod)), points));
        }
        RangeAggregation first = new RangeAggregation(RangeFunction.FIRST_OVER_TIME, 10 * S, 0, true, 0, Grouping.by("app"));
        RangeAggregation last = first.withGrouping(Grouping.by("app"));
        // Window (30, 40]: seconds 31..40, the first is pod 1's sample at 31, the last pod 0's at 40.
        assertEquals(1, first.evaluate(input, Steps.instant(40 * S)).next().elements().getFirst().value());
        assertEquals(0, new RangeAggregation(RangeFunction.LAST_OVER_TIME, 10 * S, 0, true, 0, last.grouping())
                .evaluate(input, Steps.instant(40 * S)).next().elements().getFirst().value());
        // Five samples share second 100: first/last keep the input order (pod 0 first, pod 4 last).
        RangeAggregation firstInOneSecond = new RangeAggregation(RangeFunction.FIRST_OVER_TIME, S, 0, true, 0, Grouping.by("app"));
        assertEquals(0, firstInOneSecond.evaluate(input, Steps.instant(100 * S)).next().elements().getFirst().value());
        assertEquals(4, new RangeAggregation(RangeFunction.LAST_OVER_TIME, 1 * S, 0, true, 0, last.grouping())
                .evaluate(input, Steps.instant(100 * S)).next().elements().getFirst().value());
        RangeAggregation count = RangeAggregation.of(RangeFunction.COUNT_OVER_TIME, 200 * S).withGrouping(Grouping.by("app"));
        assertEquals(105, instant(count, 150, input.toArray(Series[]::new)));
    }

    @Test
    void emptyByClauseMergesAllSeriesUnderNoLabels() {
        RangeAggregation sum = RangeAggregation.of(RangeFunction.SUM_OVER_TIME, 60 * S).withUnwrap().withGrouping(Grouping.by());
        Vector v = sum.evaluate(List.of(series(A, new double[][]{{1, 2}}), series(B, new double[][]{{2, 3}})), Steps.instant(10 * S)).next();
        assertEquals(List.of(new LabeledValue(Labels.EMPTY, 5)), v.elements());
    }

    @Test
    void absentOverTimeReportsOnlyStepsWithoutAnySample() {
        RangeAggregation absent = RangeAggregation.of(RangeFunction.ABSENT_OVER_TIME, 10 * S);
        Labels labels = AbsentLabels.of(List.of(LabelMatcher.of("app", LabelMatcher.Type.EQ, "a"),
                LabelMatcher.of("pod", LabelMatcher.Type.RE, "x.*")));
        List<Vector> steps = all(absent.absent(List.of(lines(A, 15)), Steps.range(10 * S, 30 * S, 10 * S), labels));
        assertEquals(List.of(new LabeledValue(A, 1)), steps.get(0).elements());
        assertTrue(steps.get(1).isEmpty());
        assertEquals(List.of(new LabeledValue(A, 1)), steps.get(2).elements());
    }

    @Test
    void absentLabelsDropNamesMatchedMoreThanOnceOrNotByEquality() {
        Labels l = AbsentLabels.of(List.of(
                LabelMatcher.of("app", LabelMatcher.Type.EQ, "web"),
                LabelMatcher.of("env", LabelMatcher.Type.EQ, "prod"),
                LabelMatcher.of("env", LabelMatcher.Type.EQ, "dev"),
                LabelMatcher.of("pod", LabelMatcher.Type.NEQ, "x")));
        assertEquals(Labels.of("app", "web"), l);
    }

    @Test
    void seriesWithAnErrorLabelFailsTheQuery() {
        Series bad = lines(Labels.of("app", "a", "__error__", "JSONParserErr"), 5);
        StepEvaluator e = RangeAggregation.of(RangeFunction.COUNT_OVER_TIME, 10 * S).evaluate(List.of(bad), Steps.instant(10 * S));
        PipelineError err = assertThrows(PipelineError.class, e::next);
        assertTrue(err.getMessage().startsWith("pipeline error: 'JSONParserErr' for series: '{__error__=\"JSONParserErr\", app=\"a\"}'."));
    }

    @Test
    void sampleBoundsCoverEveryWindow() {
        RangeAggregation r = RangeAggregation.of(RangeFunction.COUNT_OVER_TIME, 10 * S).withOffset(5 * S);
        long[] b = r.sampleBounds(Steps.range(100 * S, 200 * S, 10 * S));
        assertEquals(85 * S, b[0]);
        assertEquals(195 * S, b[1]);
    }
}

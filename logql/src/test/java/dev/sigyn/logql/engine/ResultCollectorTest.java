package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResultCollectorTest {
    static final long S = 1_000_000_000L;
    static final Labels A = Labels.of("app", "a");
    static final Labels B = Labels.of("app", "b");

    @Test
    void rangeQueryGivesSeriesSortedByLabelsWithPointsOnlyWhereValuesExist() {
        StepEvaluator e = StepEvaluators.of(List.of(
                new Vector(10 * S, List.of(new LabeledValue(B, 1), new LabeledValue(A, 2))),
                new Vector(20 * S, List.of(new LabeledValue(B, 3)))));
        QueryResult r = ResultCollector.collect(e, Steps.range(10 * S, 20 * S, 10 * S), false, 0);
        assertEquals(new QueryResult.Matrix(List.of(
                new Series(A, List.of(new Sample(10 * S, 2))),
                new Series(B, List.of(new Sample(10 * S, 1), new Sample(20 * S, 3))))), r);
        assertEquals("matrix", r.resultType());
    }

    @Test
    void instantQueryIsSortedByLabelsUnlessTheQuerySorts() {
        List<LabeledValue> elements = List.of(new LabeledValue(B, 1), new LabeledValue(A, 2));
        QueryResult byLabels = ResultCollector.collect(StepEvaluators.of(List.of(new Vector(5 * S, elements))), Steps.instant(5 * S), false, 0);
        assertEquals(new QueryResult.InstantVector(5 * S, List.of(new LabeledValue(A, 2), new LabeledValue(B, 1))), byLabels);
        QueryResult kept = ResultCollector.collect(StepEvaluators.of(List.of(new Vector(5 * S, elements))), Steps.instant(5 * S), true, 0);
        assertEquals(new QueryResult.InstantVector(5 * S, elements), kept);
    }

    @Test
    void literalIsAScalarForInstantQueriesAndALabelFreeSeriesForRanges() {
        assertEquals(new QueryResult.Scalar(5 * S, 7), ResultCollector.literal(7, Steps.instant(5 * S)));
        QueryResult.Matrix m = (QueryResult.Matrix) ResultCollector.literal(7, Steps.range(0, 20 * S, 10 * S));
        assertEquals(List.of(new Series(Labels.EMPTY, List.of(new Sample(0, 7), new Sample(10 * S, 7), new Sample(20 * S, 7)))), m.series());
    }

    @Test
    void tooManySeriesFailsWithLokisMessage() {
        StepEvaluator e = StepEvaluators.of(List.of(new Vector(0, List.of(new LabeledValue(A, 1), new LabeledValue(B, 1)))));
        EvaluationException ex = assertThrows(EvaluationException.class, () -> ResultCollector.collect(e, Steps.range(0, 0, S), false, 1));
        assertEquals("maximum of series (1) reached for a single query", ex.getMessage());
    }
}

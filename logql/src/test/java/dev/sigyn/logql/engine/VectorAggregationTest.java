package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sigyn.logql.engine.VectorAggregation.Operation.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorAggregationTest {
    static final Labels W0 = Labels.of("app", "web", "env", "prod", "pod", "0");
    static final Labels W1 = Labels.of("app", "web", "env", "prod", "pod", "1");
    static final Labels W2 = Labels.of("app", "web", "env", "dev", "pod", "2");
    static final Labels API = Labels.of("app", "api", "env", "prod", "pod", "3");
    static final List<LabeledValue> INPUT = List.of(
            new LabeledValue(W0, 2), new LabeledValue(W1, 4), new LabeledValue(W2, 9), new LabeledValue(API, 4));

    static List<LabeledValue> run(VectorAggregation agg) {
        return agg.apply(INPUT);
    }

    static double single(VectorAggregation agg) {
        List<LabeledValue> out = run(agg);
        assertEquals(1, out.size());
        assertEquals(Labels.EMPTY, out.getFirst().labels());
        return out.getFirst().value();
    }

    @Test
    void aggregatesWithoutGroupingIntoOneLabelFreeElement() {
        assertEquals(19, single(VectorAggregation.of(SUM, Grouping.NONE)));
        assertEquals(4.75, single(VectorAggregation.of(AVG, Grouping.NONE)));
        assertEquals(2, single(VectorAggregation.of(MIN, Grouping.NONE)));
        assertEquals(9, single(VectorAggregation.of(MAX, Grouping.NONE)));
        assertEquals(4, single(VectorAggregation.of(COUNT, Grouping.NONE)));
        // values 2, 4, 9, 4: mean 4.75, squared deviations 7.5625+0.5625+18.0625+0.5625 = 26.75
        assertEquals(26.75 / 4, single(VectorAggregation.of(STDVAR, Grouping.NONE)), 1e-12);
        assertEquals(Math.sqrt(26.75 / 4), single(VectorAggregation.of(STDDEV, Grouping.NONE)), 1e-12);
    }

    @Test
    void byKeepsOnlyTheGroupingLabels() {
        List<LabeledValue> out = run(VectorAggregation.of(SUM, Grouping.by("app")));
        assertEquals(List.of(new LabeledValue(Labels.of("app", "web"), 15), new LabeledValue(Labels.of("app", "api"), 4)), out);
    }

    @Test
    void byALabelNoElementHasGroupsEverythingUnderNoLabels() {
        assertEquals(List.of(new LabeledValue(Labels.EMPTY, 4)), run(VectorAggregation.of(COUNT, Grouping.by("nope"))));
    }

    @Test
    void withoutDropsTheListedLabels() {
        List<LabeledValue> out = run(VectorAggregation.of(MAX, Grouping.without("pod", "env")));
        assertEquals(List.of(new LabeledValue(Labels.of("app", "web"), 9), new LabeledValue(Labels.of("app", "api"), 4)), out);
    }

    @Test
    void topkKeepsOriginalLabelsHighestFirstAndFirstSeenAmongTies() {
        List<LabeledValue> out = run(new VectorAggregation(TOPK, 2, Grouping.NONE));
        assertEquals(List.of(new LabeledValue(W2, 9), new LabeledValue(W1, 4)), out);
        List<LabeledValue> bottom = run(new VectorAggregation(BOTTOMK, 2, Grouping.NONE));
        assertEquals(List.of(new LabeledValue(W0, 2), new LabeledValue(W1, 4)), bottom);
    }

    @Test
    void topkPerGroupAndZeroK() {
        List<LabeledValue> out = run(new VectorAggregation(TOPK, 1, Grouping.by("env")));
        assertEquals(List.of(new LabeledValue(W1, 4), new LabeledValue(W2, 9)), out);
        assertTrue(run(new VectorAggregation(TOPK, 0, Grouping.NONE)).isEmpty());
        assertEquals(4, run(new VectorAggregation(TOPK, 10, Grouping.NONE)).size());
    }

    @Test
    void sortOrdersByValueWithNaNLast() {
        List<LabeledValue> in = List.of(new LabeledValue(W0, Double.NaN), new LabeledValue(W1, 3), new LabeledValue(W2, 1));
        assertEquals(List.of(W2, W1, W0), VectorAggregation.of(SORT, Grouping.NONE).apply(in).stream().map(LabeledValue::labels).toList());
        assertEquals(List.of(W1, W2, W0), VectorAggregation.of(SORT_DESC, Grouping.NONE).apply(in).stream().map(LabeledValue::labels).toList());
    }

    @Test
    void maxIgnoresNaNUnlessAllAreNaN() {
        List<LabeledValue> in = List.of(new LabeledValue(W0, Double.NaN), new LabeledValue(W1, 3));
        assertEquals(3, VectorAggregation.of(MAX, Grouping.NONE).apply(in).getFirst().value());
        assertEquals(3, VectorAggregation.of(MIN, Grouping.NONE).apply(in).getFirst().value());
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertTrue(VectorAggregation.of(SUM, Grouping.NONE).apply(List.of()).isEmpty());
    }
}

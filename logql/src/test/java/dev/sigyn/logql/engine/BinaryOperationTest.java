package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryOperationTest {
    static final Labels WEB_PROD = Labels.of("app", "web", "env", "prod");
    static final Labels WEB_DEV = Labels.of("app", "web", "env", "dev");
    static final Labels API_PROD = Labels.of("app", "api", "env", "prod");

    static LabeledValue lv(Labels l, double v) {
        return new LabeledValue(l, v);
    }

    @Test
    void scalarArithmeticFollowsLoki() {
        assertEquals(7, BinaryOperation.of(BinaryOp.ADD).scalars(1, 6));
        assertEquals(Double.NaN, BinaryOperation.of(BinaryOp.DIV).scalars(3, 0)); // Loki guards x/0 to NaN
        assertEquals(Double.NaN, BinaryOperation.of(BinaryOp.MOD).scalars(3, 0));
        assertEquals(-1, BinaryOperation.of(BinaryOp.MOD).scalars(-7, 3)); // math.Mod keeps the dividend's sign
        assertEquals(1.5, BinaryOperation.of(BinaryOp.MOD).scalars(5.5, 2));
        assertEquals(8, BinaryOperation.of(BinaryOp.POW).scalars(2, 3));
        assertEquals(1, BinaryOperation.of(BinaryOp.POW).scalars(1, Double.NaN)); // Go's Pow(1, NaN) = 1
        assertEquals(1, BinaryOperation.of(BinaryOp.GT).scalars(2, 1));
        assertEquals(0, BinaryOperation.of(BinaryOp.EQ).scalars(2, 1));
    }

    @Test
    void vectorScalarKeepsLabelsAndRespectsOperandOrder() {
        List<LabeledValue> v = List.of(lv(WEB_PROD, 10), lv(API_PROD, 2));
        assertEquals(List.of(lv(WEB_PROD, 8), lv(API_PROD, 0)), BinaryOperation.of(BinaryOp.SUB).vectorScalar(v, 2, false));
        assertEquals(List.of(lv(WEB_PROD, -8), lv(API_PROD, 0)), BinaryOperation.of(BinaryOp.SUB).vectorScalar(v, 2, true));
    }

    @Test
    void comparisonFiltersAndKeepsTheVectorValueUnlessBool() {
        List<LabeledValue> v = List.of(lv(WEB_PROD, 10), lv(API_PROD, 2));
        assertEquals(List.of(lv(WEB_PROD, 10)), BinaryOperation.of(BinaryOp.GT).vectorScalar(v, 5, false));
        // 5 < v, written with the scalar on the left, still yields the vector's value
        assertEquals(List.of(lv(WEB_PROD, 10)), BinaryOperation.of(BinaryOp.LT).vectorScalar(v, 5, true));
        assertEquals(List.of(lv(WEB_PROD, 1), lv(API_PROD, 0)), new BinaryOperation(BinaryOp.GT, true, null).vectorScalar(v, 5, false));
    }

    @Test
    void oneToOneMatchesOnAllLabelsByDefault() {
        List<LabeledValue> l = List.of(lv(WEB_PROD, 10), lv(API_PROD, 3));
        List<LabeledValue> r = List.of(lv(WEB_PROD, 4), lv(WEB_DEV, 100));
        assertEquals(List.of(lv(WEB_PROD, 2.5)), BinaryOperation.of(BinaryOp.DIV).vectors(l, r));
    }

    @Test
    void onKeepsOnlyTheMatchingLabelsInTheResult() {
        List<LabeledValue> l = List.of(lv(WEB_PROD, 10));
        List<LabeledValue> r = List.of(lv(Labels.of("app", "web", "env", "other"), 4));
        var op = new BinaryOperation(BinaryOp.SUB, false, VectorMatching.on("app"));
        assertEquals(List.of(lv(Labels.of("app", "web"), 6)), op.vectors(l, r));
        var ignoring = new BinaryOperation(BinaryOp.SUB, false, VectorMatching.ignoring("env"));
        assertEquals(List.of(lv(Labels.of("app", "web"), 6)), ignoring.vectors(l, r));
    }

    @Test
    void comparisonBetweenVectorsFiltersOrGivesBool() {
        List<LabeledValue> l = List.of(lv(WEB_PROD, 10), lv(API_PROD, 3));
        List<LabeledValue> r = List.of(lv(WEB_PROD, 4), lv(API_PROD, 5));
        assertEquals(List.of(lv(WEB_PROD, 10)), BinaryOperation.of(BinaryOp.GTE).vectors(l, r));
        assertEquals(List.of(lv(WEB_PROD, 1), lv(API_PROD, 0)), new BinaryOperation(BinaryOp.GTE, true, null).vectors(l, r));
    }

    @Test
    void manyToOneNeedsGroupLeft() {
        List<LabeledValue> many = List.of(lv(WEB_PROD, 30), lv(WEB_DEV, 10));
        List<LabeledValue> one = List.of(lv(Labels.of("app", "web", "team", "t1"), 40));
        var implicit = new BinaryOperation(BinaryOp.DIV, false, VectorMatching.on("app"));
        EvaluationException e = assertThrows(EvaluationException.class, () -> implicit.vectors(many, one));
        assertEquals("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)", e.getMessage());

        var left = new BinaryOperation(BinaryOp.DIV, false, VectorMatching.on("app").groupLeft("team"));
        assertEquals(List.of(lv(Labels.of("app", "web", "env", "prod", "team", "t1"), 0.75),
                lv(Labels.of("app", "web", "env", "dev", "team", "t1"), 0.25)), left.vectors(many, one));

        var right = new BinaryOperation(BinaryOp.DIV, false, VectorMatching.on("app").groupRight());
        assertEquals(List.of(lv(WEB_PROD, 40 / 30.0), lv(WEB_DEV, 4)), right.vectors(one, many));
    }

    @Test
    void duplicatesOnTheOneSideAreRejected() {
        List<LabeledValue> many = List.of(lv(WEB_PROD, 30));
        List<LabeledValue> one = List.of(lv(WEB_PROD, 1), lv(WEB_DEV, 2));
        var op = new BinaryOperation(BinaryOp.ADD, false, VectorMatching.on("app").groupLeft());
        EvaluationException e = assertThrows(EvaluationException.class, () -> op.vectors(many, one));
        assertTrue(e.getMessage().startsWith("found duplicate series on the right hand-side"));
    }

    @Test
    void setOperations() {
        List<LabeledValue> l = List.of(lv(WEB_PROD, 1), lv(API_PROD, 2));
        List<LabeledValue> r = List.of(lv(WEB_PROD, 10), lv(WEB_DEV, 20));
        assertEquals(List.of(lv(WEB_PROD, 1)), BinaryOperation.of(BinaryOp.AND).vectors(l, r));
        assertEquals(List.of(lv(API_PROD, 2)), BinaryOperation.of(BinaryOp.UNLESS).vectors(l, r));
        assertEquals(List.of(lv(WEB_PROD, 1), lv(API_PROD, 2), lv(WEB_DEV, 20)), BinaryOperation.of(BinaryOp.OR).vectors(l, r));
        var onApp = new BinaryOperation(BinaryOp.AND, false, VectorMatching.on("app"));
        assertEquals(List.of(lv(WEB_PROD, 1)), onApp.vectors(l, List.of(lv(WEB_DEV, 0))));
        assertEquals(r, BinaryOperation.of(BinaryOp.OR).vectors(List.of(), r));
    }
}

package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LabelMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metric queries: range and vector aggregations, binary operations, literals and functions. */
class MetricParserTest {
    private static final Position P = Position.NONE;
    private static final long MINUTE = 60_000_000_000L;

    private static Expr parse(String query) {
        return Parser.parseExpr(query);
    }

    private static String error(String query) {
        return assertThrows(ParseException.class, () -> Parser.parseExpr(query)).getMessage();
    }

    private static LogSelectorExpr app(String value, StageExpr... stages) {
        return new LogSelectorExpr(List.of(LabelMatcher.of("app", LabelMatcher.Type.EQ, value)), List.of(stages));
    }

    private static RangeAggregationExpr countOverTime(String app) {
        return new RangeAggregationExpr(RangeAggregationExpr.Op.COUNT_OVER_TIME,
                new LogRange(app(app), 5 * MINUTE, 0, null, P), null, null, P);
    }

    private static LiteralExpr lit(double v) {
        return new LiteralExpr(v, P);
    }

    private static BinaryOpExpr bin(BinaryOpExpr.Op op, SampleExpr l, SampleExpr r) {
        return new BinaryOpExpr(op, l, r, BinaryOpExpr.Modifier.NONE, P);
    }

    @Test
    void rangeAggregationWithPipelineUnwrapOffsetAndGrouping() {
        RangeAggregationExpr e = (RangeAggregationExpr) parse(
                "quantile_over_time(0.99, {app=\"api\"} | json | unwrap duration(latency) | __error__=\"\" [10m] offset 1h) by (level)");
        assertEquals(RangeAggregationExpr.Op.QUANTILE_OVER_TIME, e.op());
        assertEquals(0.99, e.param());
        assertEquals(new Grouping(false, List.of("level")), e.grouping());
        assertEquals(10 * MINUTE, e.range().rangeNanos());
        assertEquals(60 * MINUTE, e.range().offsetNanos());
        assertEquals(app("api", new StageExpr.Json(List.of(), P)), e.range().selector());
        assertEquals(new UnwrapExpr("latency", UnwrapExpr.Conversion.DURATION,
                List.of(new LabelFilterExpr.Match(LabelMatcher.of("__error__", LabelMatcher.Type.EQ, ""), P)), P), e.range().unwrap());
    }

    @Test
    void everyFormOfLogRangeMeansTheSame() {
        Expr expected = parse("count_over_time({app=\"web\"} |= \"x\" [5m])");
        for (String q : List.of("count_over_time({app=\"web\"}[5m] |= \"x\")", "count_over_time(({app=\"web\"} |= \"x\")[5m])",
                "count_over_time((({app=\"web\"} |= \"x\" [5m])))", "count_over_time(({app=\"web\"}[5m] |= \"x\"))")) {
            assertEquals(expected, parse(q), q);
        }
        assertEquals(parse("sum_over_time({app=\"w\"} | logfmt | unwrap n [5m] offset 2m)"),
                parse("sum_over_time({app=\"w\"}[5m] offset 2m | logfmt | unwrap n)"));
        assertEquals(parse("rate({app=\"w\"} | unwrap n [5m])"), parse("rate({app=\"w\"}[5m] | unwrap n)"));
    }

    @Test
    void vectorAggregationGroupingBeforeOrAfterAndParameters() {
        VectorAggregationExpr sum = (VectorAggregationExpr) parse("sum by (app, env) (count_over_time({app=\"web\"}[5m]))");
        assertEquals(new VectorAggregationExpr(VectorAggregationExpr.Op.SUM, null, new Grouping(false, List.of("app", "env")),
                countOverTime("web"), P), sum);
        assertEquals(sum, parse("sum(count_over_time({app=\"web\"}[5m])) by (app, env)"));
        VectorAggregationExpr topk = (VectorAggregationExpr) parse("topk without (x) (3, count_over_time({app=\"web\"}[5m]))");
        assertEquals(3, topk.param());
        assertEquals(new Grouping(true, List.of("x")), topk.grouping());
        assertEquals(topk, parse("topk(3, count_over_time({app=\"web\"}[5m])) without (x)"));
        VectorAggregationExpr plain = (VectorAggregationExpr) parse("sum(1)");
        assertNull(plain.param());
        assertEquals(Grouping.NONE, plain.grouping());
        assertEquals(lit(1), plain.inner());
    }

    @Test
    void precedenceAndAssociativity() {
        assertEquals(bin(BinaryOpExpr.Op.ADD, lit(1), bin(BinaryOpExpr.Op.MUL, lit(2), lit(3))), parse("1 + 2 * 3"));
        assertEquals(bin(BinaryOpExpr.Op.SUB, bin(BinaryOpExpr.Op.SUB, lit(1), lit(2)), lit(3)), parse("1 - 2 - 3"));
        assertEquals(bin(BinaryOpExpr.Op.POW, lit(2), bin(BinaryOpExpr.Op.POW, lit(3), lit(2))), parse("2 ^ 3 ^ 2"));
        assertEquals(bin(BinaryOpExpr.Op.MUL, bin(BinaryOpExpr.Op.ADD, lit(1), lit(2)), lit(3)), parse("(1 + 2) * 3"));
        assertEquals(bin(BinaryOpExpr.Op.GT, bin(BinaryOpExpr.Op.ADD, lit(1), lit(2)), bin(BinaryOpExpr.Op.MOD, lit(3), lit(4))),
                parse("1 + 2 > 3 % 4"));
        SampleExpr a = countOverTime("a"), b = countOverTime("b"), c = countOverTime("c");
        String qa = "count_over_time({app=\"a\"}[5m])", qb = qa.replace("\"a\"", "\"b\""), qc = qa.replace("\"a\"", "\"c\"");
        assertEquals(bin(BinaryOpExpr.Op.OR, a, bin(BinaryOpExpr.Op.AND, b, c)), parse(qa + " or " + qb + " and " + qc));
        assertEquals(bin(BinaryOpExpr.Op.UNLESS, bin(BinaryOpExpr.Op.GT, a, lit(1)), b), parse(qa + " > 1 unless " + qb));
        assertEquals(bin(BinaryOpExpr.Op.SUB, lit(2), lit(-1)), parse("2 - -1"));
    }

    @Test
    void binaryModifiers() {
        String q = "count_over_time({app=\"a\"}[5m]) / ignoring (env) group_left (team) count_over_time({app=\"b\"}[5m])";
        BinaryOpExpr e = (BinaryOpExpr) parse(q);
        assertEquals(new BinaryOpExpr.Modifier(false, false, List.of("env"), BinaryOpExpr.Cardinality.MANY_TO_ONE, List.of("team")),
                e.modifier());
        BinaryOpExpr cmp = (BinaryOpExpr) parse("count_over_time({app=\"a\"}[5m]) == bool on (app) group_right count_over_time({app=\"b\"}[5m])");
        assertEquals(new BinaryOpExpr.Modifier(true, true, List.of("app"), BinaryOpExpr.Cardinality.ONE_TO_MANY, List.of()),
                cmp.modifier());
    }

    @Test
    void functionsAndLiterals() {
        assertEquals(new VectorExpr(42, P), parse("vector(42)"));
        assertEquals(lit(-1.5), parse("-1.5"));
        assertEquals(lit(1000), parse("1e3"));
        assertEquals(new LabelReplaceExpr(countOverTime("web"), "n", "$1", "instance", "web-(.*)", P),
                parse("label_replace(count_over_time({app=\"web\"}[5m]), \"n\", \"$1\", \"instance\", \"web-(.*)\")"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "count_over_time({app=\"web\"}[5m]) by (app) => grouping not allowed for count_over_time aggregation",
            "rate({app=\"web\"}[5m]) without (app) => grouping not allowed for rate aggregation",
            "sum_over_time({app=\"web\"} | unwrap x [5m]) by (a) => grouping not allowed for sum_over_time aggregation",
            "count_over_time({app=\"web\"} | unwrap x [5m]) => invalid aggregation count_over_time with unwrap",
            "bytes_rate({app=\"web\"} | unwrap x [5m]) => invalid aggregation bytes_rate with unwrap",
            "sum_over_time({app=\"web\"}[5m]) => invalid aggregation sum_over_time without unwrap",
            "quantile_over_time({app=\"web\"} | unwrap x [5m]) => parameter required for operation quantile_over_time",
            "avg_over_time(0.5, {app=\"web\"} | unwrap x [5m]) => parameter 0.5 not supported for operation avg_over_time",
            "topk(count_over_time({app=\"web\"}[5m])) => parameter required for operation topk",
            "topk(0, count_over_time({app=\"web\"}[5m])) => invalid parameter (must be greater than 0) topk(0",
            "bottomk(1.5, count_over_time({app=\"web\"}[5m])) => invalid parameter bottomk(1.5,",
            "sum(2, count_over_time({app=\"web\"}[5m])) => unsupported parameter for operation sum(2,",
            "{app=\"web\"} + 1 => unexpected type for left leg of binary operation (+): log query",
            "1 * {app=\"web\"} => unexpected type for right leg of binary operation (*): log query",
            "1 and vector(1) => unexpected literal for left leg of logical/set binary operation (and): 1",
            "vector(1) or (2 * 3) => unexpected literal for right leg of logical/set binary operation (or): (2 * 3)",
            "1 + bool 2 => bool modifier can only be used on comparison operators",
            "label_replace(vector(1), \"1x\", \"\", \"a\", \"b\") => invalid destination label name in label_replace: 1x",
            "count_over_time({app=~\".*\"}[5m]) => queries require at least one regexp or equality matcher"})
    void lokiValidationErrors(String query, String message) {
        String error = error(query);
        assertTrue(error.startsWith("parse error"), error);
        assertTrue(error.contains(message), error);
    }

    @Test
    void rateAndAbsentAcceptUnwrapOrNot() {
        assertInstanceOf(RangeAggregationExpr.class, parse("rate({app=\"w\"} | logfmt | unwrap n [5m])"));
        assertInstanceOf(RangeAggregationExpr.class, parse("absent_over_time({app=\"w\"} | unwrap n [5m])"));
        assertInstanceOf(RangeAggregationExpr.class, parse("rate_counter({app=\"w\"} | unwrap n [5m])"));
    }

    @Test
    void syntaxErrors() {
        assertEquals("parse error at line 1, col 26: syntax error: unexpected ), expecting RANGE", error("count_over_time({app=\"w\"})"));
        assertEquals("parse error at line 1, col 14: syntax error: unexpected {, expecting (", error("sum by (app) {app=\"web\"}"));
        assertTrue(error("sum(count_over_time({app=\"w\"}[5m])) by (a) by (b)").contains("unexpected by"));
        assertTrue(error("sum({app=\"w\"})").contains("syntax error"));
        assertTrue(error("count_over_time({app=\"w\"} | json [5m] | logfmt)").contains("syntax error"));
        assertTrue(error("count_over_time({app=\"w\"} | unwrap x |= \"y\" [5m])").contains("syntax error"));
        assertTrue(error("1 / on (a) group_left (sum(vector(1)))").contains("syntax error"));
        assertTrue(error("vector(-1)").contains("syntax error"));
        assertTrue(error("(".repeat(5000) + "1" + ")".repeat(5000)).contains("nested too deeply"));
    }

    @Test
    void aLongChainOfOperatorsIsRefusedAsTooDeepNotOverflowingTheStack() {
        // A left-associative chain nests without parentheses: 30,000 of them overflowed the stack (HTTP 500).
        assertTrue(error("1" + " - 1".repeat(30_000)).contains("nested too deeply"));
        assertTrue(error("vector(1)" + " or vector(1)".repeat(9_000)).contains("nested too deeply"));
        Expr chain = parse("1" + " - 1".repeat(400));
        assertEquals(chain, parse(Printer.print(chain)));
        // Printed, a right-associative chain gets a parenthesis per level: the same tree must parse again.
        Expr power = parse("1" + " ^ 1".repeat(450));
        assertEquals(power, parse(Printer.print(power)));
    }

    @Test
    void nodesCarryPositions() {
        BinaryOpExpr e = (BinaryOpExpr) parse("sum(rate({app=\"a\"}[1m]))\n  * 60");
        assertEquals("1:1", e.pos().toString());
        assertEquals("2:5", e.rhs().pos().toString());
        RangeAggregationExpr r = (RangeAggregationExpr) ((VectorAggregationExpr) e.lhs()).inner();
        assertEquals("1:5", r.pos().toString());
        assertEquals("1:10", r.range().selector().pos().toString());
    }
}

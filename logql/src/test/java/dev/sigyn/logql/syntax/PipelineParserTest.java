package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LabelMatcher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sigyn.logql.LabelMatcher.Type.EQ;
import static dev.sigyn.logql.LabelMatcher.Type.NEQ;
import static dev.sigyn.logql.LabelMatcher.Type.RE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipeline stages of log queries: parsers, label filters, formatters, in order. */
class PipelineParserTest {
    private static final Position P = Position.NONE;

    private static List<StageExpr> stages(String query) {
        return ((LogSelectorExpr) Parser.parseExpr(query)).stages();
    }

    private static LabelFilterExpr labelFilter(String filter) {
        List<StageExpr> s = stages("{a=\"b\"} | " + filter);
        assertEquals(1, s.size(), "one stage");
        return assertInstanceOf(StageExpr.LabelFilter.class, s.getFirst()).filter();
    }

    private static String error(String query) {
        return assertThrows(ParseException.class, () -> Parser.parseExpr(query)).getMessage();
    }

    private static LabelFilterExpr eq(String name, String value) {
        return new LabelFilterExpr.Match(LabelMatcher.of(name, EQ, value), P);
    }

    private static LabelFilterExpr and(LabelFilterExpr l, LabelFilterExpr r) {
        return new LabelFilterExpr.And(l, r, P);
    }

    private static LabelFilterExpr or(LabelFilterExpr l, LabelFilterExpr r) {
        return new LabelFilterExpr.Or(l, r, P);
    }

    @Test
    void parsersWithParametersAndFlags() {
        assertEquals(List.of(
                        new StageExpr.Json(List.of(), P),
                        new StageExpr.Json(List.of(new StageExpr.Extraction("lvl", "level"),
                                new StageExpr.Extraction("uid", "user.id"), new StageExpr.Extraction("msg", "msg")), P),
                        new StageExpr.Logfmt(false, false, List.of(), P),
                        new StageExpr.Logfmt(true, true, List.of(new StageExpr.Extraction("q", "queue")), P),
                        new StageExpr.Regexp("(?P<n>\\d+)", P),
                        new StageExpr.Pattern("<ip> <_>", P),
                        new StageExpr.Unpack(P)),
                stages("{a=\"b\"} | json | json lvl=\"level\", uid=\"user.id\", msg | logfmt"
                        + " | logfmt --strict --keep-empty q=\"queue\" | regexp `(?P<n>\\d+)` | pattern \"<ip> <_>\" | unpack"));
    }

    @Test
    void formattersDropAndKeep() {
        assertEquals(List.of(
                        new StageExpr.LineFormat("{{.status}} {{.msg}}", P),
                        new StageExpr.LabelFormat(List.of(StageExpr.LabelFmt.rename("who", "user_name"),
                                StageExpr.LabelFmt.template("lvl", "{{ .level | title }}")), P),
                        new StageExpr.Decolorize(P),
                        new StageExpr.Drop(List.of(StageExpr.NamedMatcher.named("a"),
                                StageExpr.NamedMatcher.of(LabelMatcher.of("b", EQ, "v")),
                                StageExpr.NamedMatcher.of(LabelMatcher.of("c", RE, "x.*"))), P),
                        new StageExpr.Keep(List.of(StageExpr.NamedMatcher.named("level"),
                                StageExpr.NamedMatcher.of(LabelMatcher.of("msg", NEQ, ""))), P)),
                stages("{a=\"b\"} | line_format \"{{.status}} {{.msg}}\" | label_format who=user_name, lvl=`{{ .level | title }}`"
                        + " | decolorize | drop a, b=\"v\", c=~\"x.*\" | keep level, msg!=\"\""));
    }

    @Test
    void lineFiltersMayFollowParsersInOrder() {
        List<StageExpr> s = stages("{a=\"b\"} |= \"x\" | json | level=\"error\" != \"y\"");
        assertEquals(4, s.size());
        assertEquals(LineFilterExpr.of(LineFilterOp.CONTAINS, "x"), s.get(0));
        assertInstanceOf(StageExpr.Json.class, s.get(1));
        assertEquals(new StageExpr.LabelFilter(eq("level", "error"), P), s.get(2));
        assertEquals(LineFilterExpr.of(LineFilterOp.NOT_CONTAINS, "y"), s.get(3));
    }

    @Test
    void numberDurationBytesAndIpComparisons() {
        assertEquals(new LabelFilterExpr.Number("latency", LabelFilterExpr.Cmp.GT, 500, P), labelFilter("latency > 500"));
        assertEquals(new LabelFilterExpr.Number("x", LabelFilterExpr.Cmp.LTE, -1.5, P), labelFilter("x <= -1.5"));
        assertEquals(new LabelFilterExpr.Number("x", LabelFilterExpr.Cmp.EQ, 3, P), labelFilter("x = 3"));
        assertEquals(new LabelFilterExpr.Number("x", LabelFilterExpr.Cmp.EQ, 3, P), labelFilter("x == +3"));
        assertEquals(new LabelFilterExpr.Number("x", LabelFilterExpr.Cmp.NEQ, 201, P), labelFilter("x != 201"));
        assertEquals(new LabelFilterExpr.Duration("d", LabelFilterExpr.Cmp.GTE, 1_500_000_000L, P), labelFilter("d >= 1.5s"));
        assertEquals(new LabelFilterExpr.Duration("d", LabelFilterExpr.Cmp.LT, 5_400_000_000_000L, P), labelFilter("d < 1h30m"));
        assertEquals(new LabelFilterExpr.Bytes("size", LabelFilterExpr.Cmp.GT, 2048, P), labelFilter("size > 2KiB"));
        assertEquals(new LabelFilterExpr.Bytes("size", LabelFilterExpr.Cmp.LT, 1_000_000, P), labelFilter("size < 1MB"));
        assertEquals(new LabelFilterExpr.Ip("ip", true, "192.168.0.0/16", P), labelFilter("ip=ip(\"192.168.0.0/16\")"));
        assertEquals(new LabelFilterExpr.Ip("ip", false, "::1", P), labelFilter("ip != ip(\"::1\")"));
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        LabelFilterExpr a = eq("a", "1"), b = eq("b", "2"), c = eq("c", "3");
        assertEquals(or(and(a, b), c), labelFilter("a=\"1\" and b=\"2\" or c=\"3\""));
        assertEquals(or(a, and(b, c)), labelFilter("a=\"1\" or b=\"2\" and c=\"3\""));
        assertEquals(and(a, or(b, c)), labelFilter("a=\"1\" and (b=\"2\" or c=\"3\")"));
        assertEquals(or(or(a, b), c), labelFilter("a=\"1\" or b=\"2\" or c=\"3\""));
    }

    @Test
    void commaAndWhitespaceTakeEverythingAfterThemAsLokisGrammarDoes() {
        LabelFilterExpr a = eq("a", "1"), b = eq("b", "2"), c = eq("c", "3");
        assertEquals(and(a, or(b, c)), labelFilter("a=\"1\", b=\"2\" or c=\"3\""));
        assertEquals(and(a, or(b, c)), labelFilter("a=\"1\" b=\"2\" or c=\"3\""));
        assertEquals(or(a, and(b, c)), labelFilter("a=\"1\" or b=\"2\", c=\"3\""));
        assertEquals(and(a, and(b, c)), labelFilter("a=\"1\", b=\"2\", c=\"3\""));
    }

    @Test
    void malformedStagesAreParseErrors() {
        assertEquals("parse error at line 1, col 17: syntax error: unexpected $end, expecting STRING", error("{a=\"b\"} | regexp"));
        assertTrue(error("{a=\"b\"} | regexp \"(?P<x\"").contains("error parsing regexp"));
        assertTrue(error("{a=\"b\"} | x=~\"(\"").contains("error parsing regexp"));
        assertTrue(error("{a=\"b\"} | x=ip(\"nope\")").contains("ip: invalid pattern"));
        assertTrue(error("{a=\"b\"} | x > \"1\"").contains("syntax error: unexpected STRING"));
        assertTrue(error("{a=\"b\"} | x =~ 5").contains("syntax error: unexpected NUMBER, expecting STRING"));
        assertTrue(error("{a=\"b\"} | (x=\"1\"").contains("expecting )"));
        assertTrue(error("{a=\"b\"} | label_format a").contains("expecting ="));
        assertTrue(error("{a=\"b\"} | drop").contains("expecting IDENTIFIER"));
        assertTrue(error("{a=\"b\"} | x=\"1\" or").contains("unexpected $end"));
        assertEquals("parse error at line 1, col 23: template: line:1: unclosed action", error("{a=\"b\"} | line_format \"{{.broken\""));
        assertEquals("parse error at line 1, col 26: template: label:1: unclosed action", error("{a=\"b\"} | label_format x=\"{{\""));
        Parser.parseExpr("{a=\"b\"} | line_format `{{ \"}}\" }} {{/* x }} */}}`");
    }

    @Test
    void functionNamesWithoutParenthesesAreLabelNames() {
        assertEquals(new LabelFilterExpr.Bytes("bytes", LabelFilterExpr.Cmp.GT, 1000, P), labelFilter("bytes > 1KB"));
        assertEquals(new LabelFilterExpr.Duration("duration", LabelFilterExpr.Cmp.GT, 1_000_000_000L, P), labelFilter("duration > 1s"));
        assertEquals(eq("rate", "x"), labelFilter("rate=\"x\""));
    }
}

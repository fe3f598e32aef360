package dev.sigyn.logql.syntax;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LogQueryPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.sigyn.logql.LabelMatcher.Type.EQ;
import static dev.sigyn.logql.LabelMatcher.Type.NEQ;
import static dev.sigyn.logql.LabelMatcher.Type.NRE;
import static dev.sigyn.logql.LabelMatcher.Type.RE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserTest {

    private static LogSelectorExpr log(String query) {
        return (LogSelectorExpr) Parser.parseExpr(query);
    }

    private static String error(String query) {
        return assertThrows(ParseException.class, () -> Parser.parseExpr(query)).getMessage();
    }

    @Test
    void selectorWithEveryMatcherType() {
        LogSelectorExpr e = log("{app=\"web\", env!=\"dev\", instance=~\"web-[01]\", job!~\"x|y\"}");
        assertEquals(List.of(LabelMatcher.of("app", EQ, "web"), LabelMatcher.of("env", NEQ, "dev"),
                LabelMatcher.of("instance", RE, "web-[01]"), LabelMatcher.of("job", NRE, "x|y")), e.matchers());
        assertEquals(List.of(), e.filters());
        assertTrue(e.matchers().get(2).matches("web-1"));
    }

    @Test
    void lineFiltersInOrder() {
        LogSelectorExpr e = log("{env=\"prod\"} |= \"POST\" != \"/api\" |~ \"(?i)failed\" !~ \"x\" |> \"<_> 500 <_>\" !> \"a<_>\"");
        assertEquals(List.of(
                LineFilterExpr.of(LineFilterOp.CONTAINS, "POST"),
                LineFilterExpr.of(LineFilterOp.NOT_CONTAINS, "/api"),
                LineFilterExpr.of(LineFilterOp.MATCHES_REGEX, "(?i)failed"),
                LineFilterExpr.of(LineFilterOp.NOT_MATCHES_REGEX, "x"),
                LineFilterExpr.of(LineFilterOp.MATCHES_PATTERN, "<_> 500 <_>"),
                LineFilterExpr.of(LineFilterOp.NOT_MATCHES_PATTERN, "a<_>")), e.filters());
    }

    @Test
    void orAlternativesAndIpFilters() {
        LogSelectorExpr e = log("{a=\"b\"} |= \"x\" or \"y\" OR ip(\"10.0.0.0/8\") != ip(\"192.168.0.1-192.168.0.10\")");
        assertEquals(List.of(
                new LineFilterExpr(LineFilterOp.CONTAINS,
                        List.of(new FilterArg.Text("x"), new FilterArg.Text("y"), new FilterArg.Ip("10.0.0.0/8"))),
                new LineFilterExpr(LineFilterOp.NOT_CONTAINS, List.of(new FilterArg.Ip("192.168.0.1-192.168.0.10")))),
                e.filters());
    }

    @Test
    void nodesCarryPositions() {
        LogSelectorExpr e = log("{a=\"b\"}\n  |= \"x\" or ip(\"1.2.3.4\")");
        assertEquals("1:1", e.pos().toString());
        LineFilterExpr f = e.filters().getFirst();
        assertEquals("2:3", f.pos().toString());
        assertEquals("2:6", f.alternatives().get(0).pos().toString());
        assertEquals("2:13", f.alternatives().get(1).pos().toString());
    }

    @Test
    void stringFormsAndCommentsAndParentheses() {
        assertEquals(log("{a=\"b\"} |~ \"\\\\d+\""), log("( {a=`b`} |~ `\\d+` ) # trailing comment"));
    }

    @Test
    void keywordsCanBeLabelNames() {
        assertEquals(List.of(LabelMatcher.of("on", EQ, "x"), LabelMatcher.of("json", EQ, "y")),
                log("{on=\"x\", json=\"y\"}").matchers());
    }

    @Test
    void lokiSyntaxErrorMessages() {
        assertEquals("parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,", error("{foo=\"bar\""));
        assertEquals("parse error at line 1, col 15: syntax error: unexpected $end, expecting STRING or ip", error("{foo=\"bar\"} |~"));
        assertEquals("parse error at line 1, col 13: syntax error: unexpected STRING", error("{foo=\"bar\"} \"foo\""));
        assertEquals("parse error at line 1, col 13: syntax error: unexpected IDENTIFIER", error("{foo=\"bar\"} foo"));
        assertEquals("parse error at line 1, col 6: literal not terminated", error("{foo=\"bar}"));
        assertEquals("parse error at line 1, col 1: syntax error: unexpected IDENTIFIER", error("app=\"web\"}"));
        assertEquals("parse error at line 1, col 1: syntax error: unexpected $end", error(""));
        assertEquals("parse error at line 1, col 2: syntax error: unexpected =, expecting IDENTIFIER or }", error("{=\"x\"}"));
        assertEquals("parse error at line 1, col 3: syntax error: unexpected STRING, expecting = or =~ or !~ or !=", error("{a\"x\"}"));
        assertEquals("parse error at line 1, col 4: syntax error: unexpected IDENTIFIER, expecting STRING", error("{a=x}"));
        assertEquals("parse error at line 1, col 8: syntax error: unexpected }, expecting IDENTIFIER", error("{a=\"x\",}"));
        assertEquals("parse error at line 1, col 18: syntax error: unexpected $end, expecting STRING or ip", error("{a=\"x\"} |= \"y\" or"));
        assertEquals("parse error at line 1, col 8: syntax error: unexpected RANGE", error("{a=\"x\"}[5m]"));
        assertEquals("parse error at line 2, col 4: syntax error: unexpected IDENTIFIER, expecting STRING or ip", error("{a=\"x\"}\n|= y"));
    }

    @Test
    void selectorsMustNotMatchEveryStream() {
        String expected = "parse error : queries require at least one regexp or equality matcher that does not have an "
                + "empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";
        assertEquals(expected, error("{app=~\".*\"}"));
        assertEquals(expected, error("{app!~\"w.*|a.*\"}"));
        assertEquals(expected, error("{}"));
        assertEquals(expected, error("{app!=\"web\"}"));
        assertEquals(expected, error("{app=\"\"} |= \"x\""));
        log("{app=~\".+\"}");
        log("{app=\"web\", env!=\"prod\", x=~\".*\"}");
    }

    @Test
    void badRegexesAreParseErrors() {
        assertEquals("parse error at line 1, col 16: error parsing regexp: missing closing ): `(unclosed`",
                error("{app=\"web\"} |~ \"(unclosed\""));
        assertEquals("parse error at line 1, col 5: error parsing regexp: missing closing ): `(x`", error("{a=~\"(x\"}"));
        assertEquals("parse error at line 1, col 33: error parsing regexp: invalid escape sequence: `\\q`",
                error("{a=\"b\"} |= \"x\" or \"y\" !~ \"x\" or `\\q`"));
    }

    @Test
    void badIpAndPatternOperandsAreParseErrors() {
        assertEquals("parse error at line 1, col 16: ip: invalid pattern: \"not-an-ip\"", error("{app=\"web\"} |= ip(\"not-an-ip\")"));
        assertTrue(error("{a=\"b\"} |~ ip(\"1.2.3.4\")").contains("ip: invalid operation"));
        assertTrue(error("{a=\"b\"} |> \"<_><_>\"").contains("found consecutive capture '<_><_>': invalid expression"));
        assertTrue(error("{a=\"b\"} |> \"<x> y\"").contains("named captures are not allowed: found '<x>'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{app=\"web\"} | json",
            "{app=\"web\"} |= \"x\" | logfmt | level=\"error\"",
            "{app=\"web\"} | level=\"error\"",
            "{app=\"web\"} | line_format \"{{.msg}}\"",
            "{app=\"web\"} | json |= \"x\"",
            "rate({app=\"web\"}[5m])",
            "count_over_time({app=\"web\"}[5m])",
            "sum by (app) (rate({app=\"web\"}[5m]))",
            "sum(count_over_time({app=\"web\"}[5m])) by (app)",
            "topk(3, rate({a=\"b\"}[1m]))",
            "vector(42)",
            "1 + 2",
            "-1",
            "label_replace(vector(1), \"a\", \"b\", \"c\", \"d\")",
            "(sum(rate({a=\"b\"}[1m])))"})
    void constructsTheLogScanCannotRunYetParseButArePlannedAsNotSupported(String query) {
        Expr parsed = Parser.parseExpr(query);
        ParseException e = assertThrows(ParseException.class, () -> LogQueryPlan.of(parsed));
        assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
        assertTrue(e.line() > 0, "points at the construct");
    }

    @Test
    void unwrapIsOnlyAllowedInsideARange() {
        assertEquals("parse error at line 1, col 15: syntax error: unexpected unwrap", error("{app=\"web\"} | unwrap x"));
        assertEquals("parse error at line 1, col 22: syntax error: unexpected unwrap", error("{app=\"web\"} | json | unwrap"));
    }

    @Test
    void queryLengthIsLimited() {
        String filler = "x".repeat(131072);
        assertEquals("parse error : input size too long (131085 > 131072)", error("{a=\"b\"} |= \"" + filler + "\""));
        String justBelow = "{a=\"b\"} |= \"" + "x".repeat(131072 - 14) + "\"";
        assertEquals(131071, justBelow.length());
        log(justBelow);
        assertThrows(ParseException.class, () -> Parser.parseExpr("{a=\"" + "결".repeat(50000) + "\"}"), "counted in UTF-8 bytes");
    }

    @Test
    void parseSelectorTakesBareSelectors() {
        assertEquals(List.of(LabelMatcher.of("app", EQ, "web"), LabelMatcher.of("env", RE, ".*")),
                Parser.parseSelector("{app=\"web\", env=~\".*\"}"));
        assertEquals(List.of(LabelMatcher.of("app", RE, ".*")), Parser.parseSelector("{app=~\".*\"}"));
        assertEquals("parse error : only label matchers are supported",
                assertThrows(ParseException.class, () -> Parser.parseSelector("{app=\"web\"} |= \"x\"")).getMessage());
        assertThrows(ParseException.class, () -> Parser.parseSelector("app=\"web\""));
        assertThrows(ParseException.class, () -> Parser.parseSelector("{app=\"web\""));
    }

    @Test
    void labelPairsKeepOrderAndDuplicates() {
        assertEquals(List.of(new Label("job", "nginx"), new Label("app", "web"), new Label("job", "x"), new Label("e", "")),
                Parser.parseLabelPairs("{job=\"nginx\", app=\"web\",job=\"x\", e=\"\"}"));
        assertEquals(List.of(), Parser.parseLabelPairs("{}"));
        assertEquals(List.of(new Label("a", "b\"c\n")), Parser.parseLabelPairs(" {a='b\"c\\n',} "));
        assertEquals(List.of(new Label("on", "x")), Parser.parseLabelPairs("{on=\"x\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{a=\"b\"", "{a=b}", "{a!=\"b\"}", "{a=\"b\"} x", "a=\"b\"", "{a=\"b\",,}", "{1a=\"b\"}",
            "{\u00e9=\"b\"}", "{a=\"b\"}{c=\"d\"}"})
    void badLabelPairsAreParseErrors(String text) {
        assertThrows(ParseException.class, () -> Parser.parseLabelPairs(text));
    }
}

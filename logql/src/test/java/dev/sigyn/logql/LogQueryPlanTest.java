package dev.sigyn.logql;

import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogQueryPlanTest {

    private static boolean keeps(LogQueryPlan plan, String line) {
        return plan.filter().test(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void selectorWithoutFiltersKeepsEveryLine() {
        LogQueryPlan plan = LogQueryPlan.of(Parser.parseExpr("{app=\"web\", env=~\"prod|dev\"}"));
        assertEquals(List.of(LabelMatcher.of("app", LabelMatcher.Type.EQ, "web"),
                LabelMatcher.of("env", LabelMatcher.Type.RE, "prod|dev")), plan.matchers());
        assertSame(LineFilter.ALL, plan.filter());
    }

    @Test
    void filtersAreAndedInOrder() {
        LogQueryPlan plan = LogQueryPlan.of(Parser.parseExpr("{app=\"web\"} |= \"POST\" != \"/api\" |~ \"HTTP/1.1\\\" 5\\\\d\\\\d\""));
        assertTrue(keeps(plan, "\"POST /healthz HTTP/1.1\" 503 12"));
        assertFalse(keeps(plan, "\"POST /api/x HTTP/1.1\" 503 12"));
        assertFalse(keeps(plan, "\"POST /healthz HTTP/1.1\" 200 12"));
        assertFalse(keeps(plan, "\"GET /healthz HTTP/1.1\" 503 12"));
    }

    @Test
    void orAlternativesAndDeMorgan() {
        LogQueryPlan any = LogQueryPlan.of(Parser.parseExpr("{a=\"b\"} |= \"timeout\" or \"reset\""));
        assertTrue(keeps(any, "read timeout"));
        assertTrue(keeps(any, "connection reset"));
        assertFalse(keeps(any, "ok"));
        LogQueryPlan neither = LogQueryPlan.of(Parser.parseExpr("{a=\"b\"} != \"timeout\" or \"reset\""));
        assertFalse(keeps(neither, "read timeout"));
        assertFalse(keeps(neither, "connection reset"));
        assertTrue(keeps(neither, "ok"));
        LogQueryPlan regexNeither = LogQueryPlan.of(Parser.parseExpr("{a=\"b\"} !~ \"t.me\" or \"^ok$\""));
        assertFalse(keeps(regexNeither, "time"));
        assertFalse(keeps(regexNeither, "ok"));
        assertTrue(keeps(regexNeither, "okay"));
        LogQueryPlan ipOrText = LogQueryPlan.of(Parser.parseExpr("{a=\"b\"} |= ip(\"10.0.0.0/8\") or \"localhost\""));
        assertTrue(keeps(ipOrText, "from 10.1.2.3"));
        assertTrue(keeps(ipOrText, "from localhost"));
        assertFalse(keeps(ipOrText, "from 11.1.2.3"));
    }

    @Test
    void emptyFiltersFollowLokiRules() {
        assertSame(LineFilter.ALL, LogQueryPlan.of(Parser.parseExpr("{a=\"b\"} |= \"\" |~ \".*\"")).filter());
        LogQueryPlan none = LogQueryPlan.of(Parser.parseExpr("{a=\"b\"} != \"\""));
        assertFalse(keeps(none, "anything"));
        assertFalse(keeps(none, ""));
    }

    @Test
    void patternFilters() {
        LogQueryPlan plan = LogQueryPlan.of(Parser.parseExpr("{a=\"b\"} |> \"<_> level=error <_>\" !> \"<_> retry=<_>\""));
        assertTrue(keeps(plan, "ts=1 level=error msg=boom"));
        assertFalse(keeps(plan, "ts=1 level=error retry=3 msg=boom"));
        assertFalse(keeps(plan, "ts=1 level=info msg=fine"));
    }
}

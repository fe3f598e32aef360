package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.LabelMatcher;
import org.junit.jupiter.api.Test;

import static dev.sigyn.logql.pipeline.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelFilterTest {
    private static final Stage LOGFMT = Stages.logfmt(false, false, null);

    private static LabelFilter matcher(String name, LabelMatcher.Type type, String value) {
        return LabelFilter.matcher(LabelMatcher.of(name, type, value));
    }

    @Test
    void stringMatchersCompareValuesAndAbsentLabelsReadAsEmpty() {
        assertTrue(run("level=error", LOGFMT, matcher("level", LabelMatcher.Type.EQ, "error")).kept());
        assertFalse(run("level=error", LOGFMT, matcher("level", LabelMatcher.Type.RE, "err")).kept());
        assertTrue(run("level=error", LOGFMT, matcher("level", LabelMatcher.Type.RE, "err.*")).kept());
        assertTrue(run("level=error", LOGFMT, matcher("missing", LabelMatcher.Type.EQ, "")).kept());
        assertFalse(run("level=error", LOGFMT, matcher("missing", LabelMatcher.Type.NEQ, "")).kept());
    }

    @Test
    void numericComparisonsParseGoFloats() {
        assertTrue(run("status=503", LOGFMT, LabelFilter.number("status", Comparison.GTE, 500)).kept());
        assertFalse(run("status=200", LOGFMT, LabelFilter.number("status", Comparison.GTE, 500)).kept());
        assertTrue(run("latency=1e3", LOGFMT, LabelFilter.number("latency", Comparison.EQ, 1000)).kept());
        assertTrue(run("x=0x10p0", LOGFMT, LabelFilter.number("x", Comparison.EQ, 16)).kept());
    }

    @Test
    void aMissingLabelDropsTheLineForNumericFilters() {
        assertFalse(run("a=1", LOGFMT, LabelFilter.number("status", Comparison.NEQ, 1)).kept());
    }

    @Test
    void aValueThatDoesNotConvertKeepsTheLineWithLabelFilterErr() {
        var out = run("status=abc", LOGFMT, LabelFilter.number("status", Comparison.GT, 1));
        assertTrue(out.kept());
        assertEquals("LabelFilterErr", out.label("__error__"));
        assertEquals("strconv.ParseFloat: parsing \"abc\": invalid syntax", out.label("__error_details__"));
    }

    @Test
    void afterAnErrorOnlyFiltersOnErrorDecide() {
        var out = run("status=abc", LOGFMT, LabelFilter.number("status", Comparison.GT, 1),
                LabelFilter.number("status", Comparison.LT, 0), LabelFilter.duration("status", Comparison.GT, 1));
        assertTrue(out.kept());
        assertFalse(run("status=abc", LOGFMT, LabelFilter.number("status", Comparison.GT, 1),
                matcher("__error__", LabelMatcher.Type.EQ, "")).kept());
        assertTrue(run("not json", Stages.json((java.util.Set<String>) null),
                matcher("__error__", LabelMatcher.Type.EQ, "JSONParserErr")).kept());
    }

    @Test
    void durationsFollowGoUnits() {
        assertTrue(run("d=1m2s", LOGFMT, LabelFilter.duration("d", Comparison.GT, 61_000_000_000L)).kept());
        assertTrue(run("d=44us", LOGFMT, LabelFilter.duration("d", Comparison.EQ, 44_000L)).kept());
        assertTrue(run("d=2.05s", LOGFMT, LabelFilter.duration("d", Comparison.GT, 2_000_000_000L)).kept());
        var bad = run("d=5", LOGFMT, LabelFilter.duration("d", Comparison.GT, 1));
        assertEquals("time: missing unit in duration \"5\"", bad.label("__error_details__"));
    }

    @Test
    void bytesFollowHumanizeUnits() {
        assertTrue(run("b=2KiB", LOGFMT, LabelFilter.bytes("b", Comparison.EQ, 2048)).kept());
        assertTrue(run("b=2KB", LOGFMT, LabelFilter.bytes("b", Comparison.EQ, 2000)).kept());
        assertTrue(run("b=0.6MB", LOGFMT, LabelFilter.bytes("b", Comparison.EQ, 600_000)).kept());
        assertEquals("unhandled size name: xb", run("b=1XB", LOGFMT, LabelFilter.bytes("b", Comparison.GT, 1))
                .label("__error_details__"));
    }

    @Test
    void ipMatchesAddressesCidrsAndRanges() {
        assertTrue(run("ip=192.168.4.5", LOGFMT, LabelFilter.ip("ip", false, "192.168.0.0/16")).kept());
        assertFalse(run("ip=10.0.0.1", LOGFMT, LabelFilter.ip("ip", false, "192.168.0.0/16")).kept());
        assertTrue(run("ip=10.0.0.1", LOGFMT, LabelFilter.ip("ip", true, "192.168.0.0/16")).kept());
        assertTrue(run("ip=10.0.0.5", LOGFMT, LabelFilter.ip("ip", false, "10.0.0.1-10.0.0.9")).kept());
    }

    @Test
    void andEvaluatesBothSidesAndOrStopsAtTheFirstPass() {
        var and = run("a=x b=2", LOGFMT, LabelFilter.and(matcher("b", LabelMatcher.Type.EQ, "3"),
                LabelFilter.number("a", Comparison.GT, 1)));
        assertFalse(and.kept());
        var or = run("a=x b=2", LOGFMT, LabelFilter.or(matcher("b", LabelMatcher.Type.EQ, "2"),
                LabelFilter.number("a", Comparison.GT, 1)));
        assertTrue(or.kept());
        assertNull(or.label("__error__"));
    }
}

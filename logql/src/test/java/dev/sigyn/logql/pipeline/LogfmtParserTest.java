package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sigyn.logql.pipeline.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LogfmtParserTest {
    private static Stage logfmt() {
        return Stages.logfmt(false, false, null);
    }

    @Test
    void bareAndQuotedValuesBecomeLabels() {
        var out = run("a=1 b=\"x y\" c=\"esc \\\"q\\\"\"", logfmt());
        assertEquals(Map.of("app", "test", "a", "1", "b", "x y", "c", "esc \"q\""), out.labels());
    }

    @Test
    void emptyValuesAndBareKeysAreSkippedUnlessKeepEmpty() {
        assertEquals(Map.of("app", "test", "a", "1"), run("a=1 d= flag", logfmt()).labels());
        assertEquals(Map.of("app", "test", "a", "1", "d", "", "flag", ""),
                run("a=1 d= flag", Stages.logfmt(false, true, null)).labels());
    }

    @Test
    void malformedPairsAreSkippedWithoutErrorByDefault() {
        var out = run("quoted \"value\" with \\ backslash level=info", logfmt());
        assertEquals(Map.of("app", "test", "level", "info"), out.labels());
    }

    @Test
    void strictStopsAtTheFirstMalformedPairWithGoSyntaxError() {
        var out = run("level=warn msg=\"unterminated", Stages.logfmt(true, false, null));
        assertEquals("warn", out.label("level"));
        assertEquals("LogfmtParserErr", out.label("__error__"));
        assertEquals("logfmt syntax error at pos 29 : unterminated quoted value", out.label("__error_details__"));

        var quote = run("quoted \"value\" a=1", Stages.logfmt(true, false, null));
        assertEquals("logfmt syntax error at pos 8 : unexpected '\"'", quote.label("__error_details__"));
        assertFalse(quote.labels().containsKey("a"));
    }

    @Test
    void keysAreSanitisedAndClashesSuffixed() {
        var out = run(Labels.of("app", "w", "queue", "emails"), "queue=reports http.status=200 결제=ok", logfmt());
        assertEquals("emails", out.label("queue"));
        assertEquals("reports", out.label("queue_extracted"));
        assertEquals("200", out.label("http_status"));
        assertEquals("ok", out.label("__"));
    }

    @Test
    void koreanWordsBeforePairsAreBareKeysWithoutValues() {
        var out = run("결제 실패: 잔액 부족 user=erin amount=24361", logfmt());
        assertEquals(Map.of("app", "test", "user", "erin", "amount", "24361"), out.labels());
    }

    @Test
    void neededLabelsLimitExtraction() {
        assertEquals(Map.of("app", "test", "level", "info"),
                run("level=info msg=hi a=1", Stages.logfmt(false, false, Set.of("level"))).labels());
    }

    @Test
    void expressionsRenameKeysAndDefaultToEmpty() {
        var out = run("level=info msg=\"hello world\"",
                Stages.logfmt(false, List.of(new Extraction("lvl", "level"), new Extraction("m", "msg"),
                        new Extraction("gone", "nope"))));
        assertEquals(Map.of("app", "test", "lvl", "info", "m", "hello world", "gone", ""), out.labels());
    }
}

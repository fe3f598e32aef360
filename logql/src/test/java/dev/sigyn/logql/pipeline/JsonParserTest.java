package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sigyn.logql.pipeline.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonParserTest {
    private static Stage json() {
        return Stages.json((Set<String>) null);
    }

    @Test
    void nestedObjectsAreFlattenedWithUnderscoresAndArraysAndNullsSkipped() {
        var out = run("{\"nested\":{\"deep\":{\"value\":70}},\"arr\":[1,2,3],\"n\":null,\"ok\":true,\"s\":\"x\"}", json());
        assertEquals(Map.of("app", "test", "nested_deep_value", "70", "ok", "true", "s", "x"), out.labels());
        assertTrue(out.kept());
    }

    @Test
    void keysAreSanitisedAndLeadingDigitsPrefixed() {
        var out = run("{\"user-agent\":\"curl\",\"1st\":\"a\",\"a.b\":{\"c d\":\"e\"},\"결제\":\"ok\"}", json());
        assertEquals("curl", out.label("user_agent"));
        assertEquals("a", out.label("_1st"));
        assertEquals("e", out.label("a_b_c_d"));
        assertEquals("ok", out.label("__"));
    }

    @Test
    void aFieldNamedLikeAStreamLabelGetsTheExtractedSuffix() {
        var out = run(Labels.of("app", "api", "level", "info"), "{\"level\":\"error\",\"app\":{\"x\":1}}", json());
        assertEquals("info", out.label("level"));
        assertEquals("error", out.label("level_extracted"));
        assertEquals("1", out.label("app_x"));
    }

    @Test
    void aFieldNamedLikeStructuredMetadataAlsoGetsTheSuffix() {
        var out = run(Labels.of("app", "api"), Labels.of("trace_id", "abc"), "{\"trace_id\":\"def\"}", json());
        assertEquals("abc", out.label("trace_id"));
        assertEquals("def", out.label("trace_id_extracted"));
    }

    @Test
    void stringsAreUnescapedAndKoreanAndEmojiSurvive() {
        var out = run("{\"note\":\"결제 실패 \\\"quoted\\\" \\u00e9 \\ud83d\\ude80\",\"emoji\":\"🚀\"}", json());
        assertEquals("결제 실패 \"quoted\" é 🚀", out.label("note"));
        assertEquals("🚀", out.label("emoji"));
    }

    @Test
    void brokenJsonKeepsTheLineWithJsonParserErrAndTheFieldsReadBefore() {
        var out = run("{\"level\":\"info\",\"msg\":\"cut", json());
        assertTrue(out.kept());
        assertEquals("JSONParserErr", out.label("__error__"));
        assertEquals("Value is string, but can't find closing '\"' symbol", out.label("__error_details__"));
        assertEquals("info", out.label("level"));
        assertNull(out.label("msg"));
    }

    @Test
    void aLineThatIsNotAnObjectGetsJsonParserErr() {
        var out = run("tab\tseparated\tfields", json());
        assertEquals("JSONParserErr", out.label("__error__"));
        assertEquals("Value looks like object, but can't find closing '}' symbol", out.label("__error_details__"));
    }

    @Test
    void numbersAreKeptAsWritten() {
        assertEquals("1.50e3", run("{\"n\":1.50e3}", json()).label("n"));
    }

    @Test
    void neededLabelsLimitExtraction() {
        var out = run("{\"level\":\"warn\",\"msg\":\"m\",\"user\":{\"id\":7,\"name\":\"bob\"}}",
                Stages.json(Set.of("level", "user_id")));
        assertEquals(Map.of("app", "test", "level", "warn", "user_id", "7"), out.labels());
    }

    @Test
    void expressionsExtractPathsIndexesAndQuotedKeys() {
        String line = "{\"user\":{\"id\":56,\"name\":\"eve\"},\"servers\":[{\"host\":\"a\"},{\"host\":\"b\"}],"
                + "\"user agent\":\"curl\",\"obj\":{\"k\":[1,2]},\"nil\":null}";
        var out = run(line, Stages.json(List.of(new Extraction("uid", "user.id"), new Extraction("host", "servers[1].host"),
                new Extraction("ua", "[\"user agent\"]"), new Extraction("obj", "obj"), new Extraction("missing", "nope.x"),
                new Extraction("nil", "nil"))));
        assertEquals("56", out.label("uid"));
        assertEquals("b", out.label("host"));
        assertEquals("curl", out.label("ua"));
        assertEquals("{\"k\":[1,2]}", out.label("obj"));
        assertEquals("", out.label("missing"));
        assertEquals("", out.label("nil"));
    }

    @Test
    void expressionsOnALineThatIsNotJsonSetTheError() {
        var out = run("level=info", Stages.json(List.of(new Extraction("lvl", "level"))));
        assertEquals("JSONParserErr", out.label("__error__"));
        assertFalse(out.labels().containsKey("__error_details__"));
    }

    @Test
    void invalidExpressionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Stages.json(List.of(new Extraction("x", "a..b"))));
        assertThrows(IllegalArgumentException.class, () -> Stages.json(List.of(new Extraction("x", "a[1.5]"))));
        assertThrows(IllegalArgumentException.class, () -> Stages.json(List.of(new Extraction("1x", "a"))));
    }
}

package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static dev.sigyn.logql.pipeline.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code regexp}, {@code pattern} and {@code unpack}. */
class LineParsersTest {
    private static final String NGINX_LINE = "10.2.255.60 - - [01/Nov/2026:00:00:01 +0000] \"DELETE /api/cart HTTP/1.1\" 400 "
            + "39585 \"-\" \"Go-http-client/1.1\" 0.489";
    private static final String NGINX = "<ip> - - [<_>] \"<method> <path> <_>\" <status> <size> \"<_>\" \"<agent>\" <rt>";

    @Test
    void patternCapturesTheFieldsOfAnNginxLine() {
        var out = run(Labels.of("job", "nginx"), NGINX_LINE, Stages.pattern(NGINX, null));
        assertEquals(Map.of("job", "nginx", "ip", "10.2.255.60", "method", "DELETE", "path", "/api/cart",
                "status", "400", "size", "39585", "agent", "Go-http-client/1.1", "rt", "0.489"), out.labels());
    }

    @Test
    void patternKeepsTheCapturesFoundBeforeALiteralIsMissing() {
        var out = run("GET /x", Stages.pattern("<method> <path> HTTP<_>", null));
        assertEquals("GET", out.label("method"));
        assertEquals("/x", out.label("path"));
    }

    @Test
    void patternWithALeadingLiteralNeedsItAtTheStart() {
        assertEquals(Map.of("app", "test"), run("xx level=info", Stages.pattern("level=<level>", null)).labels());
        assertEquals("info", run("level=info", Stages.pattern("level=<level>", null)).label("level"));
    }

    @Test
    void patternCaptureClashingWithTheStreamIsSuffixed() {
        var out = run(Labels.of("app", "web"), "web2 ok", Stages.pattern("<app> <status>", null));
        assertEquals("web2", out.label("app_extracted"));
        assertEquals("web", out.label("app"));
    }

    @Test
    void patternWithHintsExtractsOnlyTheNeededCaptures() {
        var out = run(Labels.of("job", "nginx"), NGINX_LINE, Stages.pattern(NGINX, Set.of("status")));
        assertEquals(Map.of("job", "nginx", "status", "400"), out.labels());
        var two = run(Labels.of("job", "nginx"), NGINX_LINE, Stages.pattern(NGINX, Set.of("method", "rt")));
        assertEquals(Map.of("job", "nginx", "method", "DELETE", "rt", "0.489"), two.labels());
        // A needed capture whose following literal is missing still takes the rest of the line.
        assertEquals("/x", run("GET /x", Stages.pattern("<method> <path> HTTP<_>", Set.of("path"))).label("path"));
        // A needed name clashing with the stream is stored under its suffixed name.
        assertEquals("web2", run(Labels.of("app", "web"), "web2 ok", Stages.pattern("<app> <status>", Set.of("app")))
                .label("app_extracted"));
        assertEquals(Map.of("app", "test"), run("a b", Stages.pattern("<x> <y>", Set.of("z"))).labels());
    }

    @Test
    void patternRepeatedShortValuesAreTheSame() {
        var stage = Stages.pattern("<level> <msg>", null);
        assertEquals("info", run("info started", stage).label("level"));
        assertEquals("warn", run("warn slow", stage).label("level"));
        assertEquals("info", run("info stopped", stage).label("level"));
        assertEquals("stopped", run("info stopped", stage).label("msg"));
    }

    @Test
    void invalidPatternsAreRejectedWithLokisMessages() {
        assertEquals("at least one capture is required",
                assertThrows(IllegalArgumentException.class, () -> Stages.pattern("<_> foo", null)).getMessage());
        assertEquals("found consecutive capture '<a><b>': invalid expression",
                assertThrows(IllegalArgumentException.class, () -> Stages.pattern("<a><b>", null)).getMessage());
        assertEquals("duplicate capture name (a): invalid expression",
                assertThrows(IllegalArgumentException.class, () -> Stages.pattern("<a> <a>", null)).getMessage());
    }

    @Test
    void regexpNamedGroupsBecomeLabelsAndUnmatchedGroupsAreEmpty() {
        var out = run("user bob from 10.0.0.1", Stages.regexp("user (?P<user>\\w+)(?: as (?P<role>\\w+))? from (?P<ip>[\\d.]+)", null));
        assertEquals(Map.of("app", "test", "user", "bob", "role", "", "ip", "10.0.0.1"), out.labels());
    }

    @Test
    void regexpThatDoesNotMatchLeavesTheLineAlone() {
        var out = run("nothing here", Stages.regexp("(?P<n>\\d+)", null));
        assertEquals(Map.of("app", "test"), out.labels());
        assertEquals("nothing here", out.line());
    }

    @Test
    void regexpWorksOnMultiByteText() {
        assertEquals("42", run("결제 42 🚀", Stages.regexp("(?P<n>\\d+)", null)).label("n"));
    }

    @Test
    void regexpNeedsANamedGroup() {
        assertThrows(IllegalArgumentException.class, () -> Stages.regexp("(\\d+)", null));
        assertThrows(IllegalArgumentException.class, () -> Stages.regexp("(?P<n>", null));
    }

    @Test
    void regexpExtractsOnlyNeededLabels() {
        assertEquals(Map.of("app", "test", "b", "2"), run("1 2", Stages.regexp("(?P<a>\\d) (?P<b>\\d)", Set.of("b"))).labels());
    }

    @Test
    void unpackReplacesTheLineWithEntryAndAddsTheOtherStrings() {
        var out = run(Labels.of("app", "x"), "{\"_entry\":\"original \\\"line\\\"\",\"pod\":\"p-1\",\"app\":\"y\",\"n\":1}",
                Stages.unpack(null));
        assertEquals("original \"line\"", out.line());
        assertEquals(Map.of("app", "x", "app_extracted", "y", "pod", "p-1"), out.labels());
    }

    @Test
    void unpackOfAnObjectWithoutEntryChangesNothing() {
        var out = run("{\"nested\":{\"deep\":{\"value\":70}},\"a\":\"b\"}", Stages.unpack(null));
        assertEquals(Map.of("app", "test"), out.labels());
        assertEquals("{\"nested\":{\"deep\":{\"value\":70}},\"a\":\"b\"}", out.line());
    }

    @Test
    void unpackOfANonObjectSetsJsonParserErr() {
        var out = run("emoji 🚀 launch", Stages.unpack(null));
        assertEquals("JSONParserErr", out.label("__error__"));
        assertEquals("expecting json object(6), but it is not", out.label("__error_details__"));
        assertEquals("emoji 🚀 launch", out.line());
    }
}

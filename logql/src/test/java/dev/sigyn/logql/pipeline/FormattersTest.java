package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sigyn.logql.pipeline.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code line_format}, {@code label_format}, {@code decolorize}, {@code drop} and {@code keep}. */
class FormattersTest {
    private static final Stage LOGFMT = Stages.logfmt(false, false, null);

    /** A stand-in for a template: reads one label, or fails when asked to. */
    private static LineTemplate field(String name) {
        return (ts, line, labels) -> {
            String v = labels.get(name);
            return v == null ? "" : v;
        };
    }

    @Test
    void lineFormatReplacesTheLineWithTheRenderedTemplate() {
        LineTemplate t = (ts, line, labels) -> labels.get("level").toUpperCase() + ": " + line.length() + "@" + ts;
        var out = run("level=warn msg=x", LOGFMT, Stages.lineFormat(t));
        assertEquals("WARN: 16@1000", out.line());
    }

    @Test
    void lineFormatFailureKeepsTheLineWithTemplateFormatErr() {
        LineTemplate failing = (ts, line, labels) -> {
            throw new LineTemplate.RenderException("template: line:1: boom");
        };
        var out = run("level=warn", Stages.lineFormat(failing));
        assertEquals("level=warn", out.line());
        assertEquals("TemplateFormatErr", out.label("__error__"));
        assertEquals("template: line:1: boom", out.label("__error_details__"));
    }

    @Test
    void labelFormatRenamesMoveValues() {
        var out = run("user_name=bob", LOGFMT, Stages.labelFormat().rename("who", "user_name").build());
        assertEquals(Map.of("app", "test", "who", "bob"), out.labels());
    }

    @Test
    void labelFormatRenameOfAnAbsentLabelDoesNothing() {
        var out = run("a=1", LOGFMT, Stages.labelFormat().rename("who", "nobody").build());
        assertEquals(Map.of("app", "test", "a", "1"), out.labels());
    }

    @Test
    void labelFormatCanRenameAStreamLabel() {
        var out = run(Labels.of("app", "x", "env", "dev"), "line", Stages.labelFormat().rename("stage", "env").build());
        assertEquals(Map.of("app", "x", "stage", "dev"), out.labels());
    }

    @Test
    void templatesOfOneStageSeeTheLabelsAsTheyWereBeforeTheFirstTemplate() {
        Stage stage = Stages.labelFormat()
                .template("a", (ts, line, labels) -> "new-a")
                .template("b", field("a"))
                .build();
        var out = run("a=old", LOGFMT, stage);
        assertEquals("new-a", out.label("a"));
        assertEquals("old", out.label("b"));
    }

    @Test
    void labelFormatRejectsDuplicateTargetsAndTheErrorLabel() {
        assertThrows(IllegalArgumentException.class,
                () -> Stages.labelFormat().rename("a", "b").template("a", field("c")).build());
        assertThrows(IllegalArgumentException.class, () -> Stages.labelFormat().rename("__error__", "b").build());
    }

    @Test
    void decolorizeStripsAnsiEscapes() {
        assertEquals("ERROR colored output", run("\u001b[31mERROR\u001b[0m colored output", Stages.decolorize()).line());
        assertEquals("bold 🚀", run("\u001b[1;32mbold\u001b[0m 🚀", Stages.decolorize()).line());
        assertEquals("plain\ttext", run("plain\ttext", Stages.decolorize()).line());
    }

    @Test
    void dropRemovesNamedLabelsAndMatchingOnes() {
        Stage drop = Stages.drop(List.of(LabelSelection.name("a"),
                LabelSelection.matching(LabelMatcher.of("level", LabelMatcher.Type.RE, "debug|info")),
                LabelSelection.matching(LabelMatcher.of("b", LabelMatcher.Type.EQ, "keep-me-not"))));
        assertEquals(Map.of("app", "test", "b", "2"), run("a=1 b=2 level=info", LOGFMT, drop).labels());
        assertEquals(Map.of("app", "test", "b", "2", "level", "error"), run("a=1 b=2 level=error", LOGFMT, drop).labels());
    }

    @Test
    void droppingTheErrorLabelClearsTheError() {
        var out = run("not json", Stages.json((java.util.Set<String>) null),
                Stages.drop(List.of(LabelSelection.name("__error__"), LabelSelection.name("__error_details__"))));
        assertEquals(Map.of("app", "test"), out.labels());
    }

    @Test
    void keepRemovesEverythingElseButErrors() {
        Stage keep = Stages.keep(List.of(LabelSelection.name("level"),
                LabelSelection.matching(LabelMatcher.of("queue", LabelMatcher.Type.EQ, "emails"))));
        var out = run(Labels.of("app", "w", "queue", "emails"), "level=info x=1 msg=\"unterminated",
                Stages.logfmt(true, false, null), keep);
        assertEquals(Map.of("level", "info", "queue", "emails", "__error__", "LogfmtParserErr",
                "__error_details__", "logfmt syntax error at pos 33 : unterminated quoted value"), out.labels());
        var other = run(Labels.of("app", "w", "queue", "reports"), "level=info", LOGFMT, keep);
        assertEquals(Map.of("level", "info"), other.labels());
    }
}

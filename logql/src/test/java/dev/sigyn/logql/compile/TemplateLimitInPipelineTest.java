package dev.sigyn.logql.compile;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A template that passes its length limit fails the whole query: the pipeline does not turn it into an
 * {@code __error__} label on the line, as it does for ordinary template errors.
 */
class TemplateLimitInPipelineTest {
    private static StreamPipeline pipeline(String query) {
        return PipelineCompiler.compile((LogSelectorExpr) Parser.parseExpr(query)).forStream(Labels.of("app", "web"));
    }

    private static String failure(String query, String line) {
        StreamPipeline p = pipeline(query);
        return assertThrows(LimitExceededException.class, () -> p.process(1, line, Labels.EMPTY)).getMessage();
    }

    @Test
    void lineFormatFailsTheQuery() {
        assertEquals("line_format template output exceeds the formatted line's length plus 1 MiB (in repeat)",
                failure("{app=\"web\"} | line_format `{{ repeat 100000 __line__ }}`", "a line of text"));
    }

    @Test
    void labelFormatFailsTheQuery() {
        assertEquals("label_format template output exceeds the formatted line's length plus 1 MiB (in repeat)",
                failure("{app=\"web\"} | label_format x=`{{ repeat 100000 __line__ }}`", "a line of text"));
    }

    @Test
    void theTemplatesOfOneLabelFormatShareTheLimit() {
        StringBuilder query = new StringBuilder("{app=\"web\"} | label_format ");
        for (int i = 0; i < 5; i++) {
            query.append(i > 0 ? ", " : "").append("l").append(i).append("=`{{ repeat 300000 \"x\" }}`");
        }
        assertEquals("label_format template output exceeds the formatted line's length plus 1 MiB",
                failure(query.toString(), "short"));
    }

    @Test
    void chainedLineFormatsShareTheLimitOfTheLineAsRead() {
        // Each stage alone stays within its line plus 1 MiB; together they would double the line a hundred times.
        StringBuilder query = new StringBuilder("{app=\"web\"}");
        for (int i = 0; i < 100; i++) query.append(" | line_format `{{ __line__ }}{{ repeat 400000 \"x\" }}`");
        String message = failure(query.toString(), "a line");
        assertTrue(message.contains("the line as read"), message);
        StreamPipeline two = pipeline("{app=\"web\"} | line_format `{{ __line__ }}-` | line_format `{{ __line__ }}+`");
        assertTrue(two.process(1, "ab", Labels.EMPTY));
        assertEquals("ab-+", two.line().toString());
    }

    @Test
    void ordinaryTemplateErrorsStillMarkTheLine() {
        StreamPipeline p = pipeline("{app=\"web\"} | line_format `{{ div 1 0 }}`");
        assertTrue(p.process(1, "line", Labels.EMPTY));
        assertEquals("TemplateFormatErr", p.labels().labels().get("__error__"));
        StreamPipeline ok = pipeline("{app=\"web\"} | label_format a=`{{ repeat 3 __line__ }}`, b=`{{ __line__ }}`");
        assertTrue(ok.process(1, "ab", Labels.EMPTY));
        assertEquals("ababab", ok.labels().labels().get("a"));
    }
}

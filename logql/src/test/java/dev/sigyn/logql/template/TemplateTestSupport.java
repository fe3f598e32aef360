package dev.sigyn.logql.template;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

/** Renders templates against a small set of labels, as line_format would. */
final class TemplateTestSupport {
    private TemplateTestSupport() {}

    static final long TS = 1_700_000_000_123_456_789L; // 2023-11-14T22:13:20.123456789Z

    static String render(String template, String... labelPairs) {
        return renderLine(template, "the log line", labelPairs);
    }

    static String renderLine(String template, String line, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
        try {
            return Template.parse(template).execute(TemplateContext.of(labels, line, TS));
        } catch (TemplateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static String parseError(String template) {
        return assertThrows(TemplateException.class, () -> Template.parse(template)).getMessage();
    }

    static String execError(String template, String... labelPairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
        return assertThrows(TemplateExecutionException.class,
                () -> Template.parse(template).execute(TemplateContext.of(labels, "line", TS))).getMessage();
    }
}

package dev.sigyn.logql.compile;

import dev.sigyn.logql.pipeline.LabelsBuilder;
import dev.sigyn.logql.pipeline.LineTemplate;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Position;
import dev.sigyn.logql.template.Template;
import dev.sigyn.logql.template.TemplateContext;
import dev.sigyn.logql.template.TemplateException;
import dev.sigyn.logql.template.TemplateExecutionException;

import java.util.Map;
import java.util.regex.Pattern;

/** Parses line_format/label_format templates and lets the pipeline render them against a line's labels. */
final class TemplateAdapter {
    /**
     * A use of the whole dot ({@code .}, {@code $}) rather than of named fields: such a template may read any
     * label. Applied to the template text, so it errs on the side of "yes" (a "." inside a string also counts).
     */
    private static final Pattern WHOLE_DOT = Pattern.compile("(?<![\\w)\\]])\\.(?![\\w])|\\$(?![\\w])");

    private TemplateAdapter() {
    }

    /** A line_format template; a parse error is a 400 as in Loki ({@code invalid line template: ...}). */
    static Template parseLine(String text, Position pos) {
        try {
            return Template.parse("line", text);
        } catch (TemplateException e) {
            throw new ParseException("invalid line template: " + e.getMessage(), pos);
        }
    }

    /** A label_format template for {@code label}. */
    static Template parseLabel(String label, String text, Position pos) {
        try {
            return Template.parse("label", text);
        } catch (TemplateException e) {
            throw new ParseException("invalid template for label '" + label + "': " + e.getMessage(), pos);
        }
    }

    /** True when the template may read labels other than its named fields. */
    static boolean readsWholeLabelSet(Template template) {
        return WHOLE_DOT.matcher(actionsOf(template.text())).find();
    }

    /** The template as a pipeline template: an execution error becomes a RenderException (TemplateFormatErr). */
    static LineTemplate adapt(Template template) {
        return (ts, line, labels) -> {
            try {
                return template.execute(new Context(ts, line, labels));
            } catch (TemplateExecutionException e) {
                throw new LineTemplate.RenderException(e.getMessage());
            }
        };
    }

    /** The text inside {@code {{ }}} actions (the rest is literal output, where a "." means nothing). */
    private static String actionsOf(String text) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while ((i = text.indexOf("{{", i)) >= 0) {
            int end = text.indexOf("}}", i + 2);
            if (end < 0) end = text.length();
            sb.append(text, i + 2, end).append(' ');
            i = end;
        }
        return sb.toString();
    }

    /** The labels as Loki's templates see them: errors included, absent labels missing. */
    private record Context(long timestampNanos, String line, LabelsBuilder builder) implements TemplateContext {
        @Override
        public String label(String name) {
            return switch (name) {
                case LabelsBuilder.ERROR_LABEL -> builder.hasError() ? builder.error() : null;
                case LabelsBuilder.ERROR_DETAILS_LABEL ->
                        builder.errorDetails().isEmpty() ? null : builder.errorDetails();
                default -> builder.get(name);
            };
        }

        @Override
        public Map<String, String> labels() {
            return builder.labels().toMap();
        }
    }
}

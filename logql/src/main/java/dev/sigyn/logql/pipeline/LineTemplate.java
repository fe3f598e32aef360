package dev.sigyn.logql.pipeline;

/**
 * A compiled Go text/template of {@code line_format} or {@code label_format}. {@code line} is the current line
 * ({@code __line__}), {@code ts} its timestamp in nanoseconds ({@code __timestamp__}), {@code labels} the fields
 * the template reads ({@code .name}); a label that is absent reads as "".
 */
@FunctionalInterface
public interface LineTemplate {
    /**
     * @throws RenderException when the template fails on this line (Loki then sets {@code TemplateFormatErr})
     * @throws dev.sigyn.logql.LimitExceededException when it would build more than
     *         {@link dev.sigyn.logql.template.TemplateLimits} allow: that fails the query, so stages let it through
     */
    String render(long ts, String line, LabelsBuilder labels);

    /** A template failure on one line; its message becomes {@code __error_details__}. */
    final class RenderException extends RuntimeException {
        public RenderException(String message) {
            super(message, null, false, false);
        }
    }
}

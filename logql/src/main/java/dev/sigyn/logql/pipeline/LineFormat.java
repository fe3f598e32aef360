package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.template.TemplateLimits;

/**
 * {@code | line_format "{{.a}} {{.b}}"}: replaces the line with the rendered template. When rendering fails the
 * line is kept and gets {@code __error__=TemplateFormatErr}. However many {@code line_format} stages a query chains,
 * the line they make may grow by {@link TemplateLimits#MAX_GROWTH} over the line as read, not that much per stage.
 */
final class LineFormat implements Stage {
    private final LineTemplate template;

    LineFormat(LineTemplate template) {
        this.template = template;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        try {
            String rendered = template.render(timestampNanos, line.toString(), labels);
            if (rendered.length() > (long) line.lengthAsRead() + TemplateLimits.MAX_GROWTH) {
                throw new LimitExceededException("line_format template output exceeds " + TemplateLimits.LIMIT_NAME
                        + " (the line as read, before every line_format of the query)");
            }
            line.set(rendered);
        } catch (LineTemplate.RenderException e) {
            labels.setError(ErrorNames.TEMPLATE_FORMAT, e.getMessage());
        }
        return true;
    }
}

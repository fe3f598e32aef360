package dev.sigyn.logql.pipeline;

/**
 * {@code | line_format "{{.a}} {{.b}}"}: replaces the line with the rendered template. When rendering fails the
 * line is kept and gets {@code __error__=TemplateFormatErr}.
 */
final class LineFormat implements Stage {
    private final LineTemplate template;

    LineFormat(LineTemplate template) {
        this.template = template;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        try {
            line.set(template.render(timestampNanos, line.toString(), labels));
        } catch (LineTemplate.RenderException e) {
            labels.setError(ErrorNames.TEMPLATE_FORMAT, e.getMessage());
        }
        return true;
    }
}

package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.template.TemplateLimits;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code | label_format dst=src, dst="{{template}}"}. With Loki's rules: the operations run in order; a rename
 * moves {@code src}'s value to {@code dst} (nothing happens when {@code src} is absent); every template of the stage
 * reads the labels as they were when the first template ran, so templates do not see each other's results; a
 * failing template leaves its label unchanged and sets {@code __error__=TemplateFormatErr}. A label may be the
 * target of only one operation, and {@code __error__} cannot be a target. Together the templates of the stage may
 * produce no more than one template may ({@link TemplateLimits}), or a stage of many templates would multiply it.
 */
final class LabelFormat implements Stage {
    /** One operation: a rename ({@code template == null}) or a template. */
    record Operation(String target, String source, LineTemplate template) {
    }

    private final List<Operation> operations;
    private LabelsBuilder snapshot;

    LabelFormat(List<Operation> operations) {
        Set<String> targets = new HashSet<>();
        for (Operation op : operations) {
            if (op.target().equals(LabelsBuilder.ERROR_LABEL)) {
                throw new IllegalArgumentException(op.target() + " cannot be formatted");
            }
            if (!targets.add(op.target())) {
                throw new IllegalArgumentException("multiple label name '" + op.target()
                        + "' not allowed in a single format operation");
            }
        }
        this.operations = List.copyOf(operations);
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        boolean snapshotTaken = false;
        String text = null;
        long produced = 0;
        for (Operation op : operations) {
            if (op.template() == null) {
                String value = labels.get(op.source());
                if (value != null) {
                    labels.set(op.target(), value);
                    labels.delete(op.source());
                }
                continue;
            }
            if (!snapshotTaken) {
                if (snapshot == null || snapshot.stream() != labels.stream()) snapshot = new LabelsBuilder(labels.stream());
                snapshot.copyFrom(labels);
                snapshotTaken = true;
                text = line.toString();
            }
            try {
                String value = op.template().render(timestampNanos, text, snapshot);
                produced += value.length();
                if (produced > TemplateLimits.maxLength(text)) {
                    throw new LimitExceededException(
                            "label_format template output exceeds " + TemplateLimits.LIMIT_NAME);
                }
                labels.set(op.target(), value);
            } catch (LineTemplate.RenderException e) {
                labels.setError(ErrorNames.TEMPLATE_FORMAT, e.getMessage());
            }
        }
        return true;
    }
}

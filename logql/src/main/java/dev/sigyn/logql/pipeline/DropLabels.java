package dev.sigyn.logql.pipeline;

import java.util.List;

/**
 * {@code | drop a, b="x", c=~"re"}: removes labels by name, or only when their value matches. Dropping
 * {@code __error__} or {@code __error_details__} clears the error (e.g. {@code drop __error__} after a parser).
 */
final class DropLabels implements Stage {
    private final LabelSelection[] selections;

    DropLabels(List<LabelSelection> selections) {
        this.selections = selections.toArray(LabelSelection[]::new);
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        for (LabelSelection s : selections) {
            String name = s.name();
            switch (name) {
                case LabelsBuilder.ERROR_LABEL -> {
                    if (s.matcher() == null || s.matcher().matches(labels.error())) labels.setError("");
                }
                case LabelsBuilder.ERROR_DETAILS_LABEL -> {
                    if (s.matcher() == null || s.matcher().matches(labels.errorDetails())) labels.setErrorDetails("");
                }
                default -> {
                    String value = labels.get(name);
                    if (s.matcher() == null ? value != null : s.matcher().matches(value)) labels.delete(name);
                }
            }
        }
        return true;
    }
}

package dev.sigyn.logql.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code | keep a, b="x"}: removes every label not listed (stream labels included); a label listed with a matcher
 * is kept only when its value matches. {@code __error__} and {@code __error_details__} are always kept.
 */
final class KeepLabels implements Stage {
    private final LabelSelection[] selections;
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    KeepLabels(List<LabelSelection> selections) {
        this.selections = selections.toArray(LabelSelection[]::new);
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        if (selections.length == 0) return true;
        names.clear();
        values.clear();
        labels.forEach((n, v) -> {
            names.add(n);
            values.add(v);
        });
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.equals(LabelsBuilder.ERROR_LABEL) || name.equals(LabelsBuilder.ERROR_DETAILS_LABEL)) continue;
            if (!kept(name, values.get(i))) labels.delete(name);
        }
        return true;
    }

    private boolean kept(String name, String value) {
        for (LabelSelection s : selections) {
            if (!s.name().equals(name)) continue;
            if (s.matcher() == null || s.matcher().matches(value)) return true;
        }
        return false;
    }
}

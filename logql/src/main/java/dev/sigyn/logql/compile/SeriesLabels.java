package dev.sigyn.logql.compile;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.pipeline.LabelsBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The series a sample belongs to, from its line's labels after the pipeline, as Loki 2.9 groups samples inside a
 * range aggregation: a line with an error keeps all its labels (so the error stays visible); otherwise
 * {@code by (a, b)} keeps only those labels, {@code without (a, b)} removes them, no labels at all when the
 * aggregation collapses everything ({@code by ()}, an enclosing {@code sum} without grouping,
 * {@code absent_over_time}), and all labels when there is no grouping. An unwrapped label is left out unless the
 * aggregation groups by it.
 */
public final class SeriesLabels {
    /** Every label of the line. */
    public static final SeriesLabels ALL = new SeriesLabels(false, false, List.of());

    private final boolean noLabels;
    private final boolean without;
    private final Set<String> groups;

    SeriesLabels(boolean noLabels, boolean without, List<String> groups) {
        this.noLabels = noLabels;
        this.without = without;
        this.groups = new TreeSet<>(groups);
    }

    /** The series labels of the line whose labels the pipeline left in {@code labels}. */
    public Labels of(LabelsBuilder labels) {
        if (labels.hasError()) return labels.labels();
        if (noLabels) return Labels.EMPTY;
        Labels all = labels.labels();
        if (groups.isEmpty()) return all;
        List<Label> kept = new ArrayList<>(without ? all.size() : groups.size());
        for (int i = 0; i < all.size(); i++) {
            Label l = all.get(i);
            if (groups.contains(l.name()) != without) kept.add(l);
        }
        return Labels.of(kept);
    }

    /** True when every sample lands in one series (unless it carries an error). */
    public boolean noLabels() {
        return noLabels;
    }

    @Override
    public String toString() {
        if (noLabels) return "no labels";
        if (groups.isEmpty()) return "all labels";
        return (without ? "without " : "by ") + groups;
    }
}

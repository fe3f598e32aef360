package dev.sigyn.logql.compile;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.pipeline.LabelsBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The series labels of the line whose labels the pipeline left in {@code labels}. Not thread-safe when the
     * grouping is {@code by (...)}: it remembers the previous answer.
     */
    public Labels of(LabelsBuilder labels) {
        if (labels.hasError()) return labels.labels();
        if (noLabels) return Labels.EMPTY;
        if (!groups.isEmpty() && !without) return byGroups(labels);
        Labels all = labels.labels();
        if (groups.isEmpty()) return all;
        List<Label> kept = new ArrayList<>(without ? all.size() : groups.size());
        for (int i = 0; i < all.size(); i++) {
            Label l = all.get(i);
            if (groups.contains(l.name()) != without) kept.add(l);
        }
        return Labels.of(kept);
    }

    /** Grouped names in label order, their values for the previous line, and that line's answer. */
    private String[] groupNames;
    private String[] lastValues;
    private Labels lastAnswer;
    /** Answers by grouped values (the value itself for one name, else a list of values), bounded in size. */
    private final Map<Object, Labels> answers = new HashMap<>();
    private static final int MAX_ANSWERS = 4096;

    /**
     * {@code by (...)}: only the grouped labels are looked up, not the line's whole label set; a line whose grouped
     * values equal the previous line's gets the same Labels object back, and values seen before reuse their answer.
     */
    private Labels byGroups(LabelsBuilder labels) {
        if (groupNames == null) {
            groupNames = groups.toArray(String[]::new);
            lastValues = new String[groupNames.length];
        }
        boolean same = lastAnswer != null;
        for (int i = 0; i < groupNames.length; i++) {
            String v = labels.get(groupNames[i]);
            if (same && !java.util.Objects.equals(v, lastValues[i])) same = false;
            if (!same) lastValues[i] = v;
        }
        if (same) return lastAnswer;
        for (int i = 0; i < groupNames.length; i++) {
            lastValues[i] = labels.get(groupNames[i]); // lastValues may be partly stale before the first difference
        }
        Object key = groupNames.length == 1 ? lastValues[0] : Arrays.asList(lastValues.clone());
        Labels answer = answers.get(key);
        if (answer == null) {
            List<Label> kept = new ArrayList<>(groupNames.length);
            for (int i = 0; i < groupNames.length; i++) {
                if (lastValues[i] != null) kept.add(new Label(groupNames[i], lastValues[i]));
            }
            answer = Labels.of(kept);
            if (answers.size() < MAX_ANSWERS) answers.put(key, answer);
        }
        lastAnswer = answer;
        return answer;
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

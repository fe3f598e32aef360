package dev.sigyn.logql.engine;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/** The labels absent_over_time reports, derived from the stream selector as Loki does. */
public final class AbsentLabels {
    private AbsentLabels() {
    }

    /**
     * Each equality matcher contributes its name and value; a name that also appears in any other matcher
     * (a second equality or a non-equality matcher) is dropped altogether, since no single value describes it.
     */
    public static Labels of(List<LabelMatcher> selector) {
        TreeMap<String, String> kept = new TreeMap<>();
        Set<String> dropped = new HashSet<>();
        for (LabelMatcher m : selector) {
            if (m.name().equals("__name__")) continue;
            if (m.type() == LabelMatcher.Type.EQ && !kept.containsKey(m.name())) kept.put(m.name(), m.value());
            else dropped.add(m.name());
        }
        dropped.forEach(kept::remove);
        return Labels.fromMap(kept);
    }
}

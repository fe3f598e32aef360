package dev.sigyn.logql.engine;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A {@code by (...)} or {@code without (...)} clause. */
public record Grouping(boolean without, Set<String> labels) {
    /** A vector aggregation without a clause, which like {@code by ()} puts every element in one group. */
    public static final Grouping NONE = new Grouping(false, Set.of());

    public Grouping {
        labels = Set.copyOf(new TreeSet<>(labels));
    }

    public static Grouping by(String... names) {
        return new Grouping(false, new TreeSet<>(List.of(names)));
    }

    public static Grouping without(String... names) {
        return new Grouping(true, new TreeSet<>(List.of(names)));
    }

    /** The labels a series keeps in its group: only the listed ones for by, all others for without. */
    public Labels apply(Labels in) {
        List<Label> kept = new ArrayList<>(in.size());
        for (Label l : in.asList()) {
            if (labels.contains(l.name()) != without) kept.add(l);
        }
        if (without) kept.removeIf(l -> l.name().equals("__name__"));
        return kept.size() == in.size() ? in : Labels.of(kept);
    }
}

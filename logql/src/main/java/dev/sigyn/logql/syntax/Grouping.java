package dev.sigyn.logql.syntax;

import java.util.List;

/**
 * {@code by (a, b)} ({@code without} false) or {@code without (a, b)}: which labels an aggregation keeps.
 * {@link #NONE} ({@code by ()}) aggregates everything into one series.
 */
public record Grouping(boolean without, List<String> labels) {
    public static final Grouping NONE = new Grouping(false, List.of());

    public Grouping {
        labels = List.copyOf(labels);
    }
}

package dev.sigyn.logql.engine;

import java.util.List;

/**
 * How a binary operation pairs the elements of two vectors: on (labels) / ignoring (labels), and the cardinality
 * with group_left / group_right (include: extra labels copied from the "one" side).
 */
public record VectorMatching(Cardinality cardinality, boolean on, List<String> matchingLabels, List<String> include) {

    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY }

    /** Match on all labels, one to one: the default without on/ignoring. */
    public static final VectorMatching DEFAULT = new VectorMatching(Cardinality.ONE_TO_ONE, false, List.of(), List.of());

    public VectorMatching {
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    public static VectorMatching on(String... labels) {
        return new VectorMatching(Cardinality.ONE_TO_ONE, true, List.of(labels), List.of());
    }

    public static VectorMatching ignoring(String... labels) {
        return new VectorMatching(Cardinality.ONE_TO_ONE, false, List.of(labels), List.of());
    }

    public VectorMatching groupLeft(String... include) {
        return new VectorMatching(Cardinality.MANY_TO_ONE, on, matchingLabels, List.of(include));
    }

    public VectorMatching groupRight(String... include) {
        return new VectorMatching(Cardinality.ONE_TO_MANY, on, matchingLabels, List.of(include));
    }
}

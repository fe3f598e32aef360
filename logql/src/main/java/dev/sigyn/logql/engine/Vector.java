package dev.sigyn.logql.engine;

import java.util.List;

/** An instant vector: the values of several label sets at one step time. */
public record Vector(long tsNanos, List<LabeledValue> elements) {
    public Vector {
        elements = List.copyOf(elements);
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }
}

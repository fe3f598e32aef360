package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;

/** One element of an instant vector: a label set and its value at the vector's time. */
public record LabeledValue(Labels labels, double value) {
}

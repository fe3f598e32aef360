package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;

import java.util.List;

/** A labelled sequence of samples sorted by time. */
public record Series(Labels labels, List<Sample> samples) {
    public Series {
        samples = List.copyOf(samples);
    }
}

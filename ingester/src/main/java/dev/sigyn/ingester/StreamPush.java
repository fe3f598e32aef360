package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;

import java.util.List;

/**
 * The entries of one stream in a push, already validated by the distributor. The entries cannot change once here:
 * {@link EncodedEntries} is immutable, any other list is copied.
 */
public record StreamPush(Labels labels, List<Entry> entries) {
    public StreamPush {
        if (!(entries instanceof EncodedEntries)) entries = List.copyOf(entries);
    }
}

package dev.sigyn.querier.tail;

import dev.sigyn.logql.Labels;

/** A line the client did not get because it fell behind: reported in the next frame's {@code dropped_entries}. */
record DroppedEntry(Labels labels, long timestampNanos) {
}

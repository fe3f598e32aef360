package dev.sigyn.querier.tail;

import dev.sigyn.logql.Labels;

/** A line ready to be sent: its labels after the pipeline (stream, structured metadata, parsed) and its text. */
record TailedEntry(Labels labels, long timestampNanos, String line) {
}

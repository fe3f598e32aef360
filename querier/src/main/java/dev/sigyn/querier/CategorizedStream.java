package dev.sigyn.querier;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;

import java.util.List;

/**
 * A stream of a log answer in Loki's {@code categorize-labels} form: only the stream's own labels; each line carries
 * its structured metadata and parsed labels.
 */
record CategorizedStream(Labels labels, List<LogLine> lines) {
}

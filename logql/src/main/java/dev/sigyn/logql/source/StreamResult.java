package dev.sigyn.logql.source;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;

import java.util.List;

/** Entries of one stream, sorted in the query's direction. */
public record StreamResult(Labels labels, List<Entry> entries) {
}

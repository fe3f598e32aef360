package dev.sigyn.distributor;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;

import java.util.List;

/**
 * A received stream whose label text parsed: pairs sorted by name, empty values dropped, duplicates still present
 * (validation reports them), and {@code text} is Loki's printed form of those pairs used in every message.
 */
record ParsedStream(List<Label> labels, String text, List<Entry> entries) {
}

package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;

import java.util.List;

/** The entries of one stream in a push, already validated by the distributor. */
public record StreamPush(Labels labels, List<Entry> entries) {
}

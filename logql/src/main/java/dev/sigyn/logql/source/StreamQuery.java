package dev.sigyn.logql.source;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;

import java.util.List;

/**
 * What a log query asks of a data source (ingester memory or the object store): streams whose labels match every
 * matcher, entries with {@code startNanos <= ts < endNanos} that pass the line filter, and per stream at most
 * {@code limit} entries, the first ones in {@code direction} order; a limit of 0 or less means no limit (metric
 * queries read every entry in range).
 */
public record StreamQuery(List<LabelMatcher> matchers, LineFilter filter, long startNanos, long endNanos,
                          Direction direction, int limit) {
}

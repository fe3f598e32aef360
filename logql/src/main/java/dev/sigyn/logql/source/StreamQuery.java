package dev.sigyn.logql.source;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.QueryContext;

import java.util.List;

/**
 * What a log query asks of a data source (ingester memory or the object store): streams whose labels match every
 * matcher, entries with {@code startNanos <= ts < endNanos} that pass the line filter, and per stream at most
 * {@code limit} entries, the first ones in {@code direction} order; a limit of 0 or less means no limit (metric
 * queries read every entry in range).
 *
 * <p>{@code context} is the asking query's: a source stops reading (throwing {@link
 * dev.sigyn.logql.QueryCancelledException}) once it is cancelled, checking per stream and per chunk or block, and
 * may charge what it holds while reading to its memory budget.
 */
public record StreamQuery(List<LabelMatcher> matchers, LineFilter filter, long startNanos, long endNanos,
                          Direction direction, int limit, QueryContext context) {

    /** A query with no request behind it: never cancelled, no memory budget. */
    public StreamQuery(List<LabelMatcher> matchers, LineFilter filter, long startNanos, long endNanos,
                       Direction direction, int limit) {
        this(matchers, filter, startNanos, endNanos, direction, limit, QueryContext.none());
    }

    public StreamQuery {
        if (context == null) context = QueryContext.none();
    }

    /** The same streams, range and filter, every entry in forward order: for readers that keep what they need. */
    public StreamQuery everyEntry() {
        return new StreamQuery(matchers, filter, startNanos, endNanos, Direction.FORWARD, 0, context);
    }

    /** The same question, asked on behalf of the query with this context. */
    public StreamQuery withContext(QueryContext context) {
        return new StreamQuery(matchers, filter, startNanos, endNanos, direction, limit, context);
    }
}

package dev.sigyn.logql.source;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.syntax.LogSelectorExpr;

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
 *
 * <p>{@code selector} is the log query {@code filter} was compiled from (its leading line filters), or null when
 * there is none behind it: a compiled filter cannot cross a network, so a source in another process is sent the
 * selector and compiles the filter again there. A query whose filter is not {@link LineFilter#ALL} needs it to be
 * read by such a source.
 */
public record StreamQuery(List<LabelMatcher> matchers, LineFilter filter, long startNanos, long endNanos,
                          Direction direction, int limit, QueryContext context, LogSelectorExpr selector) {

    /** A query with no request behind it: never cancelled, no memory budget. */
    public StreamQuery(List<LabelMatcher> matchers, LineFilter filter, long startNanos, long endNanos,
                       Direction direction, int limit) {
        this(matchers, filter, startNanos, endNanos, direction, limit, QueryContext.none());
    }

    /** A query without the selector its filter came from: only a source in this process can apply its filter. */
    public StreamQuery(List<LabelMatcher> matchers, LineFilter filter, long startNanos, long endNanos,
                       Direction direction, int limit, QueryContext context) {
        this(matchers, filter, startNanos, endNanos, direction, limit, context, null);
    }

    public StreamQuery {
        if (context == null) context = QueryContext.none();
    }

    /** The same streams, range and filter, every entry in forward order: for readers that keep what they need. */
    public StreamQuery everyEntry() {
        return new StreamQuery(matchers, filter, startNanos, endNanos, Direction.FORWARD, 0, context, selector);
    }

    /** The same range, filter and limit over the streams these matchers select (a narrower selection, say). */
    public StreamQuery withMatchers(List<LabelMatcher> matchers) {
        return new StreamQuery(matchers, filter, startNanos, endNanos, direction, limit, context, selector);
    }

    /** The same question, asked on behalf of the query with this context. */
    public StreamQuery withContext(QueryContext context) {
        return new StreamQuery(matchers, filter, startNanos, endNanos, direction, limit, context, selector);
    }
}

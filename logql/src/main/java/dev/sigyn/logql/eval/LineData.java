package dev.sigyn.logql.eval;

import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;

/**
 * Where {@link LogQueryEvaluator} reads a log query's lines from: the querier asks every source of the tenant, each
 * running the query's pipeline. May block on I/O.
 */
public interface LineData {

    /**
     * A log query's pipeline run where the data is (see {@link dev.sigyn.logql.source.LogSource#selectLines}): the
     * lines that survive it go to {@code answer}, each line once even when several sources hold it.
     */
    void selectLines(StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer) throws IOException;

    /**
     * The query this data is read for: its cancellation, checked by {@link #checkCancelled}, and its memory budget,
     * which evaluators charge with the samples, series and lines they hold. None by default.
     */
    default QueryContext context() {
        return QueryContext.none();
    }

    /**
     * Called by evaluators between streams and every few thousand lines, possibly from several threads at once:
     * throws (an unchecked exception) when the query must stop, e.g. because it ran past its timeout or another part
     * of it failed. By default asks the {@link #context()}.
     */
    default void checkCancelled() {
        context().checkCancelled();
    }
}

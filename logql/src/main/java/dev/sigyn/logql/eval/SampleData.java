package dev.sigyn.logql.eval;

import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;

import java.io.IOException;
import java.util.List;

/**
 * Where {@link QueryEvaluator} reads log lines from: the querier asks every source of the tenant and merges the
 * answers. May block on I/O.
 */
@FunctionalInterface
public interface SampleData {

    /**
     * The streams {@code query} selects, each stream once (answers of several sources merged, duplicate entries
     * removed), entries sorted in the query's direction.
     */
    List<StreamResult> select(StreamQuery query) throws IOException;

    /**
     * Called by evaluators between streams: throws (an unchecked exception of the caller's choosing) when the query
     * must stop, e.g. because it ran past its timeout. Does nothing by default.
     */
    default void checkCancelled() {}
}

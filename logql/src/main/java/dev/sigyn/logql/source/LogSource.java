package dev.sigyn.logql.source;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A place log data can be read from: the ingesters' memory and the object store each implement it, and the
 * querier merges their answers (removing duplicates). Calls may block on I/O: never call them on an event loop.
 */
public interface LogSource {

    /** Matching streams with their entries, as {@link StreamQuery} describes; streams with no entries are left out. */
    List<StreamResult> select(String tenant, StreamQuery query) throws IOException;

    /**
     * Label sets of the tenant's streams that have data overlapping [startNanos, endNanos) and match every matcher
     * (an empty matcher list matches every stream).
     */
    Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) throws IOException;
}

package dev.sigyn.querier;

import dev.sigyn.logql.source.StreamResult;

import java.util.List;

/**
 * The value a {@code query} or {@code query_range} call answers with; its kind is Loki's {@code resultType}.
 * Metric queries will add the matrix, vector and scalar kinds here.
 */
sealed interface QueryResult {

    /** Loki's {@code resultType}. */
    String resultType();

    /** Log lines grouped by stream: {@code "streams"}. */
    record Streams(List<StreamResult> streams) implements QueryResult {
        public String resultType() { return "streams"; }

        long entryCount() {
            long n = 0;
            for (StreamResult s : streams) n += s.entries().size();
            return n;
        }
    }
}

package dev.sigyn.querier;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.format.Durations;

/** The per-query limits of {@code limits_config}, checked with Loki's messages. A limit of 0 means none. */
final class QueryLimits {
    private final LimitsConfig limits;

    QueryLimits(LimitsConfig limits) {
        this.limits = limits;
    }

    /** {@code max_entries_limit_per_query}: applies to log queries only. */
    void checkEntriesLimit(int limit) {
        int max = limits.maxEntriesLimitPerQuery();
        if (max > 0 && limit > max) {
            throw QueryError.badRequest("max entries limit per query exceeded, limit > max_entries_limit_per_query ("
                    + limit + " > " + max + ")");
        }
    }

    /** {@code max_query_series}: the most series a metric query may return (0: no limit). */
    int maxQuerySeries() {
        return limits.maxQuerySeries();
    }

    /** {@code max_query_length}: the length of the range asked for (log queries, labels, series). */
    void checkQueryLength(long startNanos, long endNanos) {
        long max = limits.maxQueryLength() == null ? 0 : limits.maxQueryLength().toNanos();
        long length = endNanos - startNanos;
        if (max > 0 && length > max) {
            throw QueryError.badRequest("the query time range exceeds the limit (query length: "
                    + Durations.formatGo(length) + ", limit: " + Durations.formatPrometheus(max) + ")");
        }
    }
}

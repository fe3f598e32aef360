package dev.sigyn.querier;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.format.Durations;

/**
 * The per-query limits of {@code limits_config}, the asking tenant's as they are now, checked with Loki's messages.
 * A limit of 0 means none.
 */
final class QueryLimits {
    private final TenantLimits limits;

    QueryLimits(TenantLimits limits) {
        this.limits = limits;
    }

    /** All of the tenant's limits, for the few that are read rather than checked. */
    LimitsConfig of(String tenant) {
        return limits.forTenant(tenant);
    }

    /** {@code max_entries_limit_per_query}: applies to log queries only. */
    void checkEntriesLimit(String tenant, int limit) {
        int max = limits.forTenant(tenant).maxEntriesLimitPerQuery();
        if (max > 0 && limit > max) {
            throw QueryError.badRequest("max entries limit per query exceeded, limit > max_entries_limit_per_query ("
                    + limit + " > " + max + ")");
        }
    }

    /** {@code max_query_series}: the most series a metric query may return (0: no limit). */
    int maxQuerySeries(String tenant) {
        return limits.forTenant(tenant).maxQuerySeries();
    }

    /** {@code split_queries_by_interval} in nanoseconds: 0 when range metric queries are not split. */
    long splitIntervalNanos(String tenant) {
        return limits.forTenant(tenant).splitQueriesByInterval().toNanos();
    }

    /** {@code max_query_length}: the length of the range asked for (log queries, labels, series). */
    void checkQueryLength(String tenant, long startNanos, long endNanos) {
        LimitsConfig tenantLimits = limits.forTenant(tenant);
        long max = tenantLimits.maxQueryLength() == null ? 0 : tenantLimits.maxQueryLength().toNanos();
        long length = endNanos - startNanos;
        if (max > 0 && length > max) {
            throw QueryError.badRequest("the query time range exceeds the limit (query length: "
                    + Durations.formatGo(length) + ", limit: " + Durations.formatPrometheus(max) + ")");
        }
    }
}

package dev.sigyn.querier;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;

import java.time.Duration;

/**
 * The limits of a multi-tenant read ({@code a|b}): for each query limit the strictest of the tenants', a limit of 0
 * (none) counting as the loosest, as Loki takes the smallest positive value per tenant. Other keys are the first
 * tenant's (they do not govern reads). One tenant's limits are its own.
 */
record StrictestLimits(TenantLimits limits) implements TenantLimits {

    @Override
    public LimitsConfig forTenant(String tenant) {
        if (tenant.indexOf('|') < 0) return limits.forTenant(tenant);
        LimitsConfig out = null;
        for (String id : tenant.split("\\|")) {
            LimitsConfig l = limits.forTenant(id);
            out = out == null ? l : out
                    .withMaxEntriesLimitPerQuery(smallest(out.maxEntriesLimitPerQuery(), l.maxEntriesLimitPerQuery()))
                    .withMaxQuerySeries(smallest(out.maxQuerySeries(), l.maxQuerySeries()))
                    .withMaxQueryLength(smallest(out.maxQueryLength(), l.maxQueryLength()))
                    .withQueryTimeout(smallest(out.queryTimeout(), l.queryTimeout()))
                    .withSplitQueriesByInterval(smallest(out.splitQueriesByInterval(), l.splitQueriesByInterval()))
                    .withMaxConcurrentTailRequests(smallest(out.maxConcurrentTailRequests(), l.maxConcurrentTailRequests()))
                    .withVolumeMaxSeries(smallest(out.volumeMaxSeries(), l.volumeMaxSeries()))
                    .withMaxQueryMemoryBytes(smallest(out.maxQueryMemoryBytes(), l.maxQueryMemoryBytes()));
        }
        return out;
    }

    private static int smallest(int a, int b) {
        return (int) smallest((long) a, b);
    }

    private static long smallest(long a, long b) {
        if (a <= 0) return b;
        if (b <= 0) return a;
        return Math.min(a, b);
    }

    private static Duration smallest(Duration a, Duration b) {
        if (a == null || a.isZero() || a.isNegative()) return b;
        if (b == null || b.isZero() || b.isNegative()) return a;
        return a.compareTo(b) <= 0 ? a : b;
    }
}

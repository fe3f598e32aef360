package dev.sigyn.querier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.engine.Series;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.util.List;

/**
 * Results of metric-query splits that lie wholly in the past ({@code query_range.cache_results}), sized in bytes
 * ({@code query_range.results_cache.cache.embedded_cache.max_size_mb}). A dashboard refreshed every 30 s over the
 * last 6 h then recomputes only its newest split. Splits newer than {@link #FRESHNESS_NANOS} are never cached,
 * since late lines may still arrive for them (Loki's {@code max_cache_freshness_per_query}).
 */
final class ResultsCache {
    /** Loki's default max_cache_freshness_per_query: 10 minutes. */
    static final long FRESHNESS_NANOS = 10L * 60 * 1_000_000_000L;

    /**
     * A split's result is identified by the tenant (or tenants, {@code a|b}), the streams the request may read (its
     * {@code X-Sigyn-Stream-Access}, canonical; empty when unrestricted), the canonical query, and its step grid.
     */
    record Key(String tenant, String access, String query, long stepNanos, long gridFirst, long gridLast) {

        /** Whether the result holds data of this tenant. */
        boolean reads(String id) {
            return tenant.equals(id) || java.util.Arrays.asList(tenant.split("\\|")).contains(id);
        }
    }

    private final Cache<Key, List<Series>> cache;

    ResultsCache(long maxBytes, MeterRegistry metrics) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, List<Series> v) -> weigh(k, v))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(metrics, cache, "results");
    }

    List<Series> get(Key key) {
        return cache.getIfPresent(key);
    }

    void put(Key key, List<Series> series) {
        cache.put(key, series);
    }

    /** Forgets a tenant's results, e.g. when a delete request changes what its queries answer. */
    void invalidate(String tenant) {
        cache.asMap().keySet().removeIf(k -> k.reads(tenant));
    }

    /** Rough bytes on the heap: labels as strings, each point a boxed sample in a list. */
    private static int weigh(Key key, List<Series> series) {
        long bytes = 64 + 2L * (key.query().length() + key.access().length());
        for (Series s : series) {
            bytes += 48;
            for (Label l : s.labels().asList()) bytes += 48 + 2L * (l.name().length() + l.value().length());
            bytes += 40L * s.samples().size();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}

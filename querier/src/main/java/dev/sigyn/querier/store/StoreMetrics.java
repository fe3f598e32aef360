package dev.sigyn.querier.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The store reader's meters (Prometheus names in docs/operations.md): per cache ({@code cache="chunks"} or
 * {@code "index"}) hits, misses, evictions and bytes held; per object kind the time and bytes of each fetch from
 * the object store. A null registry records nothing (tests, tools).
 */
final class StoreMetrics {
    static final StoreMetrics NONE = new StoreMetrics(null);

    private final MeterRegistry registry;

    StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes a cache's statistics; the cache must be built with {@code recordStats()}. */
    void bindCache(String name, AsyncCache<?, ?> async, long capacityBytes) {
        if (registry == null) return;
        Cache<?, ?> cache = async.synchronous();
        counter("sigyn.store.cache.requests", name, "hit", cache, CacheStats::hitCount,
                "Store cache lookups that found the object in memory");
        counter("sigyn.store.cache.requests", name, "miss", cache, CacheStats::missCount,
                "Store cache lookups that had to fetch the object from the object store");
        FunctionCounter.builder("sigyn.store.cache.evictions", cache, c -> c.stats().evictionCount())
                .tag("cache", name).description("Objects dropped from a store cache to stay within its size")
                .register(registry);
        Gauge.builder("sigyn.store.cache.size", cache, StoreMetrics::weightedSize).tag("cache", name).baseUnit("bytes")
                .description("Bytes held by a store cache (stored size of the cached objects)").register(registry);
        Gauge.builder("sigyn.store.cache.capacity", () -> capacityBytes).tag("cache", name).baseUnit("bytes")
                .description("Configured size of a store cache").register(registry);
        Gauge.builder("sigyn.store.cache.entries", cache, Cache::estimatedSize).tag("cache", name)
                .description("Objects held by a store cache").register(registry);
    }

    private void counter(String meter, String cacheName, String result, Cache<?, ?> cache,
                         ToDoubleFunction<CacheStats> count, String description) {
        FunctionCounter.builder(meter, cache, c -> count.applyAsDouble(c.stats()))
                .tag("cache", cacheName).tag("result", result).description(description).register(registry);
    }

    private static double weightedSize(Cache<?, ?> cache) {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    /** Records one object read from the object store. */
    void fetched(String kind, long nanos, long bytes) {
        if (registry == null) return;
        Timer.builder("sigyn.store.fetch.duration").tag("object", kind)
                .description("Time to read one object (chunk or index file) from the object store")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder("sigyn.store.fetched").baseUnit("bytes").tag("object", kind)
                .description("Size of the objects read from the object store").register(registry).record(bytes);
    }
}

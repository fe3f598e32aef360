package dev.sigyn.querier.store;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Weigher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Objects decoded from the object store, read on an executor and kept in a Caffeine cache bounded by weight (bytes).
 * Objects never change, so a cached one never goes stale. Concurrent requests for a key share one read. A failed
 * read (store down, object gone) is handed to its callers but not cached, so the next request tries again; it also
 * never reaches Caffeine, which would log every failed load with its stack trace.
 */
final class ObjectCache<V> {
    /** Null when the cache is turned off (size 0): Caffeine would keep an entry until its maintenance ran. */
    private final AsyncCache<String, V> cache;
    private final ConcurrentHashMap<String, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();
    private final Executor executor;

    ObjectCache(String name, long maxBytes, Weigher<String, V> weigher, Executor executor, StoreMetrics metrics) {
        this.executor = executor;
        this.cache = maxBytes <= 0 ? null
                : Caffeine.newBuilder().maximumWeight(maxBytes).weigher(weigher).recordStats().buildAsync();
        if (cache != null) metrics.bindCache(name, cache, maxBytes);
    }

    /** The object under {@code key}, from the cache or read with {@code read}, which may return null for "none". */
    CompletableFuture<V> get(String key, Function<String, V> read) {
        if (cache != null) {
            CompletableFuture<V> hit = cache.getIfPresent(key);
            if (hit != null) return hit;
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) return running;
        try {
            executor.execute(() -> {
                V value;
                try {
                    value = read.apply(key);
                    // Into the cache before leaving inFlight, so that a concurrent request finds it in one of them.
                    if (value != null && cache != null) cache.put(key, CompletableFuture.completedFuture(value));
                } catch (Throwable t) {
                    inFlight.remove(key, mine);
                    mine.completeExceptionally(t);
                    return;
                }
                // Out of inFlight before the callers wake: their next request must not find this finished read there
                // (with the cache off it would be answered without reading; after a failure, with the old error).
                inFlight.remove(key, mine);
                mine.complete(value);
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }
}

package dev.sigyn.config;

/**
 * Sizes of Sigyn's in-process caches, under Loki's keys for its embedded caches. Sigyn always caches index files
 * and chunks; results of metric-query splits are cached when {@code query_range.cache_results} is true, which is
 * Sigyn's default (Loki's built-in default is false, its shipped configs turn it on).
 *
 * @param chunkCacheMb {@code chunk_store_config.chunk_cache_config.embedded_cache.max_size_mb}
 * @param indexCacheMb {@code storage_config.index_queries_cache_config.embedded_cache.max_size_mb}
 * @param cacheResults {@code query_range.cache_results}
 * @param resultsCacheMb {@code query_range.results_cache.cache.embedded_cache.max_size_mb}
 */
public record CacheConfig(long chunkCacheMb, long indexCacheMb, boolean cacheResults, long resultsCacheMb) {
    public static CacheConfig defaults() {
        return new CacheConfig(100, 100, true, 100);
    }

    public long chunkCacheBytes() {
        return chunkCacheMb << 20;
    }

    public long indexCacheBytes() {
        return indexCacheMb << 20;
    }

    public long resultsCacheBytes() {
        return resultsCacheMb << 20;
    }
}

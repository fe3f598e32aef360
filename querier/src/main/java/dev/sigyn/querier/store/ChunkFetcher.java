package dev.sigyn.querier.store;

import dev.sigyn.store.BlobStore;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.Chunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Fetches and decodes chunks on an I/O pool, caching them by key (chunks are immutable) with a weight of their
 * stored size. A cached chunk is already decoded to its block table (time bounds, entry counts, sizes) and its
 * still-compressed blocks, so a hit costs no checksum or parsing, and a scan decompresses only the blocks that
 * overlap its time range. Concurrent requests for one key share a single fetch.
 */
final class ChunkFetcher {
    private static final Logger log = LoggerFactory.getLogger(ChunkFetcher.class);

    private final BlobStore store;
    private final StoreMetrics metrics;
    private final ObjectCache<Chunk> cache;

    ChunkFetcher(BlobStore store, Executor executor, long cacheBytes, StoreMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        this.cache = new ObjectCache<>("chunks", cacheBytes, (String key, Chunk chunk) -> weight(chunk), executor, metrics);
    }

    /** The decoded chunk, or null when the object no longer exists (e.g. removed by retention after the index was read). */
    CompletableFuture<Chunk> fetch(String key) {
        return cache.get(key, this::read);
    }

    private Chunk read(String key) {
        try {
            long start = System.nanoTime();
            byte[] data = store.get(key);
            metrics.fetched("chunk", System.nanoTime() - start, data.length);
            return Chunk.decode(data);
        } catch (NoSuchFileException e) {
            log.warn("chunk {} is in the index but not in the store; skipped", key);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("chunk " + key + ": " + e.getMessage(), e));
        }
    }

    private static int weight(Chunk chunk) {
        long w = 64;
        for (Block b : chunk.blocks()) w += b.compressedLength() + 64L;
        return (int) Math.min(Integer.MAX_VALUE, w);
    }
}

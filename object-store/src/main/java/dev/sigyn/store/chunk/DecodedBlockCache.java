package dev.sigyn.store.chunk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Recently decompressed blocks of stored chunks, bounded by their decompressed size. Dashboards and Explore ask
 * about the same recent hours again and again; with the compressed chunk already cached, decompressing its blocks
 * was the largest remaining cost of such repeats (a log query over an hour of nginx lines: about half of its CPU).
 * Keys are the {@link Block} objects themselves, held weakly: a block whose chunk left the chunk cache and was
 * collected leaves this cache too. Thread-safe; decoded blocks are immutable.
 */
public final class DecodedBlockCache {
    private final Cache<Block, DecodedBlock> cache;

    public DecodedBlockCache(long maxBytes) {
        this.cache = Caffeine.newBuilder().weakKeys().maximumWeight(maxBytes)
                .weigher((Block block, DecodedBlock decoded) -> decoded.weight()).build();
    }

    DecodedBlock get(Block block) {
        return cache.get(block, Block::decompress);
    }
}

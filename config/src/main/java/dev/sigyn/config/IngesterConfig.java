package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code ingester:} block with Loki's defaults. {@code walDir} is {@code ingester.wal.dir} (empty: under path_prefix);
 * {@code walEnabled} is {@code ingester.wal.enabled}; {@code flushOnShutdown} is {@code ingester.wal.flush_on_shutdown}
 * (Sigyn flushes on a clean shutdown by default so that the object store holds everything).
 *
 * @param maxUnflushedBytes {@code ingester.max_unflushed_bytes} (Sigyn's own key): the most log bytes an ingester holds
 *                          in memory before it refuses pushes with 503, which only happens while flushes are failing
 *                          (the object store is unreachable); 0 means no bound
 */
public record IngesterConfig(Duration chunkIdlePeriod,
                             Duration maxChunkAge,
                             long chunkTargetSize,
                             long chunkBlockSize,
                             Duration flushCheckPeriod,
                             String walDir,
                             boolean walEnabled,
                             boolean flushOnShutdown,
                             long maxUnflushedBytes) {
    public static IngesterConfig defaults() {
        return new IngesterConfig(Duration.ofMinutes(30), Duration.ofHours(2), 1_572_864, 262_144,
                Duration.ofSeconds(30), "", true, true, 1L << 30);
    }

    public IngesterConfig withChunkIdlePeriod(Duration chunkIdlePeriod) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withMaxChunkAge(Duration maxChunkAge) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withChunkTargetSize(long chunkTargetSize) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withChunkBlockSize(long chunkBlockSize) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withFlushCheckPeriod(Duration flushCheckPeriod) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withWalDir(String walDir) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withWalEnabled(boolean walEnabled) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withFlushOnShutdown(boolean flushOnShutdown) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }

    public IngesterConfig withMaxUnflushedBytes(long maxUnflushedBytes) {
        return new IngesterConfig(chunkIdlePeriod, maxChunkAge, chunkTargetSize, chunkBlockSize, flushCheckPeriod, walDir, walEnabled, flushOnShutdown, maxUnflushedBytes);
    }
}

package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code ingester:} block with Loki's defaults. {@code walDir} is {@code ingester.wal.dir} (empty: under path_prefix);
 * {@code walEnabled} is {@code ingester.wal.enabled}; {@code flushOnShutdown} is {@code ingester.wal.flush_on_shutdown}
 * (Sigyn flushes on a clean shutdown by default so that the object store holds everything).
 */
public record IngesterConfig(Duration chunkIdlePeriod, Duration maxChunkAge, long chunkTargetSize, long chunkBlockSize,
                             Duration flushCheckPeriod, String walDir, boolean walEnabled, boolean flushOnShutdown) {
    public static IngesterConfig defaults() {
        return new IngesterConfig(Duration.ofMinutes(30), Duration.ofHours(2), 1_572_864, 262_144,
                Duration.ofSeconds(30), "", true, true);
    }
}

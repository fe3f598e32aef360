package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code compactor:} block, with Loki's defaults. Loki's {@code working_directory} is not among them: Sigyn's
 * compactor keeps everything (delete requests, pending deletions) in the bucket, so it is a Loki key Sigyn ignores.
 *
 * @param compactionInterval how often index files are merged and retention and deletes are applied
 * @param retentionEnabled whether {@code retention_period}, {@code retention_stream} and delete requests delete data
 * @param retentionDeleteDelay how long chunks marked for deletion stay in the bucket before they are removed
 * @param deleteRequestCancelPeriod how long after its creation a delete request can still be cancelled
 */
public record CompactorConfig(Duration compactionInterval, boolean retentionEnabled,
                              Duration retentionDeleteDelay, Duration deleteRequestCancelPeriod) {
    public static CompactorConfig defaults() {
        return new CompactorConfig(Duration.ofMinutes(10), false, Duration.ofHours(2), Duration.ofHours(24));
    }

    public CompactorConfig withRetentionEnabled(boolean enabled) {
        return new CompactorConfig(compactionInterval, enabled, retentionDeleteDelay,
                deleteRequestCancelPeriod);
    }

    public CompactorConfig withCompactionInterval(Duration interval) {
        return new CompactorConfig(interval, retentionEnabled, retentionDeleteDelay,
                deleteRequestCancelPeriod);
    }

    public CompactorConfig withRetentionDeleteDelay(Duration delay) {
        return new CompactorConfig(compactionInterval, retentionEnabled, delay,
                deleteRequestCancelPeriod);
    }

    public CompactorConfig withDeleteRequestCancelPeriod(Duration period) {
        return new CompactorConfig(compactionInterval, retentionEnabled, retentionDeleteDelay,
                period);
    }
}

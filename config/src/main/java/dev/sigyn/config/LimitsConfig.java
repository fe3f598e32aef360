package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code limits_config:} block, per tenant, with Loki's defaults. Rates are in MB (2^20 bytes) per second as in Loki;
 * sizes in bytes, parsed as Loki's byte sizes are: units are powers of 1024 ("256KB" = "256KiB" = 262144).
 */
public record LimitsConfig(double ingestionRateMb, double ingestionBurstSizeMb, long maxLineSize,
                           int maxLabelNamesPerSeries, int maxLabelNameLength, int maxLabelValueLength,
                           boolean rejectOldSamples, Duration rejectOldSamplesMaxAge, Duration creationGracePeriod,
                           int maxGlobalStreamsPerUser, long perStreamRateLimit, long perStreamRateLimitBurst,
                           int maxEntriesLimitPerQuery, int maxQuerySeries, Duration maxQueryLength) {
    public static LimitsConfig defaults() {
        // max_line_size 256KB and per-stream 3MB/15MB are 1024-based in Loki (pkg/validation/limits.go).
        return new LimitsConfig(4, 6, 256 * 1024, 15, 1024, 2048,
                true, Duration.ofDays(7), Duration.ofMinutes(10),
                5000, 3L << 20, 15L << 20,
                5000, 500, Duration.ofHours(721));
    }
}

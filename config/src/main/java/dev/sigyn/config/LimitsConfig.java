package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code limits_config:} block, per tenant, with Loki's defaults. Rates are in MB (2^20 bytes) per second as in Loki;
 * sizes in bytes, parsed as Loki does ("256KB" = 256000, "256KiB" = 262144).
 */
public record LimitsConfig(double ingestionRateMb, double ingestionBurstSizeMb, long maxLineSize,
                           int maxLabelNamesPerSeries, int maxLabelNameLength, int maxLabelValueLength,
                           boolean rejectOldSamples, Duration rejectOldSamplesMaxAge, Duration creationGracePeriod,
                           int maxGlobalStreamsPerUser, long perStreamRateLimit, long perStreamRateLimitBurst,
                           int maxEntriesLimitPerQuery, int maxQuerySeries, Duration maxQueryLength) {
    public static LimitsConfig defaults() {
        return new LimitsConfig(4, 6, 256_000, 15, 1024, 2048,
                true, Duration.ofDays(7), Duration.ofMinutes(10),
                5000, 3_000_000, 15_000_000,
                5000, 500, Duration.ofHours(721));
    }
}

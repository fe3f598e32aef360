package dev.sigyn.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code limits_config:} block, per tenant, with Loki's defaults. Rates are in MB (2^20 bytes) per second as in Loki;
 * sizes in bytes, parsed as Loki's byte sizes are: units are powers of 1024 ("256KB" = "256KiB" = 262144).
 *
 * <p>One deviation: {@code max_query_series} defaults to 5000, not Loki's 500. Loki answers range aggregations over
 * parsed labels (every line its own series) with thousands of series in practice (the conformance corpus recorded
 * 4,000 for {@code count_over_time({app=~"api|checkout"} | json [5m])}); Sigyn gives the same answers by default.
 *
 * <p>{@code discover_service_name} ({@link #DEFAULT_SERVICE_NAME_LABELS}) and {@code discover_log_levels} are on, as
 * in Loki 3: Grafana's Logs Drilldown groups by the {@code service_name} label and {@code detected_level} metadata
 * they add, so pushes from Promtail, Loki4j, winston or pino show there without configuration. Setting them to
 * {@code []} and false keeps pushed streams exactly as sent, as Loki 2.9 did (the conformance tests, which replay
 * Loki 2.9's answers, do so).
 *
 * <p>{@code max_query_memory_bytes} is Sigyn's own: what one query may hold in memory (samples, series, lines) before
 * it is refused with 400 rather than letting it run the server out of heap; 0 means no limit.
 *
 * <p>{@code redaction} and {@code redaction_hash_secret} are Sigyn's own: the rules the distributor masks secrets
 * with before a push is written (docs/security.md), and the HMAC key of those that hash.
 */
public record LimitsConfig(double ingestionRateMb,
                          double ingestionBurstSizeMb,
                          long maxLineSize,
                          int maxLabelNamesPerSeries,
                          int maxLabelNameLength,
                          int maxLabelValueLength,
                          boolean rejectOldSamples,
                          Duration rejectOldSamplesMaxAge,
                          Duration creationGracePeriod,
                          int maxGlobalStreamsPerUser,
                          long perStreamRateLimit,
                          long perStreamRateLimitBurst,
                          int maxEntriesLimitPerQuery,
                          int maxQuerySeries,
                          Duration maxQueryLength,
                          Duration queryTimeout,
                          Duration splitQueriesByInterval,
                          int maxConcurrentTailRequests,
                          Duration retentionPeriod,
                          List<RetentionStream> retentionStream,
                          int volumeMaxSeries,
                          List<String> discoverServiceName,
                          boolean discoverLogLevels,
                          boolean allowStructuredMetadata,
                          long maxStructuredMetadataSize,
                          int maxStructuredMetadataEntriesCount,
                          long maxQueryMemoryBytes,
                          List<RedactionRule> redaction,
                          String redactionHashSecret) {
    /** Loki 3's {@code discover_service_name} default: the labels tried, in order, to fill {@code service_name}. */
    public static final List<String> DEFAULT_SERVICE_NAME_LABELS = List.of("service", "app", "application", "app_name",
            "name", "app_kubernetes_io_name", "container", "container_name", "k8s_container_name", "component",
            "workload", "job", "k8s_job_name");

    public LimitsConfig {
        retentionStream = List.copyOf(retentionStream);
        discoverServiceName = List.copyOf(discoverServiceName);
        redaction = List.copyOf(redaction);
    }

    public static LimitsConfig defaults() {
        // max_line_size 256KB and per-stream 3MB/15MB are 1024-based in Loki (pkg/validation/limits.go).
        return new LimitsConfig(4, 6, 256 * 1024, 15, 1024, 2048,
                true, Duration.ofDays(7), Duration.ofMinutes(10),
                5000, 3L << 20, 15L << 20,
                5000, 5000, Duration.ofHours(721),
                Duration.ofMinutes(1), Duration.ofHours(1), 10,
                Duration.ZERO, List.of(), 1000,
                DEFAULT_SERVICE_NAME_LABELS, true, true,
                64 * 1024, 128, defaultMaxQueryMemoryBytes(), List.of(), "");
    }

    /** An eighth of the heap the JVM may grow to: a few such queries at once still leave room for pushes. */
    public static long defaultMaxQueryMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    public LimitsConfig withMaxQueryMemoryBytes(long maxQueryMemoryBytes) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withIngestionRateMb(double ingestionRateMb) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withIngestionBurstSizeMb(double ingestionBurstSizeMb) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxLineSize(long maxLineSize) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxLabelNamesPerSeries(int maxLabelNamesPerSeries) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxLabelNameLength(int maxLabelNameLength) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxLabelValueLength(int maxLabelValueLength) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withRejectOldSamples(boolean rejectOldSamples) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withRejectOldSamplesMaxAge(Duration rejectOldSamplesMaxAge) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withCreationGracePeriod(Duration creationGracePeriod) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxGlobalStreamsPerUser(int maxGlobalStreamsPerUser) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withPerStreamRateLimit(long perStreamRateLimit) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withPerStreamRateLimitBurst(long perStreamRateLimitBurst) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxEntriesLimitPerQuery(int maxEntriesLimitPerQuery) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxQuerySeries(int maxQuerySeries) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxQueryLength(Duration maxQueryLength) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withQueryTimeout(Duration queryTimeout) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withSplitQueriesByInterval(Duration splitQueriesByInterval) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxConcurrentTailRequests(int maxConcurrentTailRequests) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withRetentionPeriod(Duration retentionPeriod) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withRetentionStream(List<RetentionStream> retentionStream) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withVolumeMaxSeries(int volumeMaxSeries) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withDiscoverServiceName(List<String> discoverServiceName) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withDiscoverLogLevels(boolean discoverLogLevels) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withAllowStructuredMetadata(boolean allowStructuredMetadata) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxStructuredMetadataSize(long maxStructuredMetadataSize) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withMaxStructuredMetadataEntriesCount(int maxStructuredMetadataEntriesCount) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withRedaction(List<RedactionRule> redaction) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }

    public LimitsConfig withRedactionHashSecret(String redactionHashSecret) {
        return new LimitsConfig(ingestionRateMb, ingestionBurstSizeMb, maxLineSize, maxLabelNamesPerSeries, maxLabelNameLength, maxLabelValueLength, rejectOldSamples, rejectOldSamplesMaxAge, creationGracePeriod, maxGlobalStreamsPerUser, perStreamRateLimit, perStreamRateLimitBurst, maxEntriesLimitPerQuery, maxQuerySeries, maxQueryLength, queryTimeout, splitQueriesByInterval, maxConcurrentTailRequests, retentionPeriod, retentionStream, volumeMaxSeries, discoverServiceName, discoverLogLevels, allowStructuredMetadata, maxStructuredMetadataSize, maxStructuredMetadataEntriesCount, maxQueryMemoryBytes, redaction, redactionHashSecret);
    }
}

package dev.sigyn.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code ruler:} block, with Loki's keys and defaults (the rest of Loki's ruler block is accepted and ignored).
 *
 * @param storageType        {@code storage.type}: {@code local} (rule files in {@code storage.local.directory},
 *                           read-only through the API), {@code s3} or {@code filesystem} (the object store configured
 *                           in {@code common.storage}), or empty for the common object store, whichever it is
 * @param localDirectory     {@code storage.local.directory}: {@code <directory>/<tenant>/<namespace file>}
 * @param enableApi          {@code enable_api}: serve the rules API ({@code /loki/api/v1/rules}, {@code /api/prom/rules})
 * @param evaluationInterval {@code evaluation_interval}: how often a group without its own {@code interval} is evaluated
 * @param pollInterval       {@code poll_interval}: how often the ruler reloads the rule groups from storage
 */
public record RulerConfig(String storageType, String localDirectory, boolean enableApi, Duration evaluationInterval,
                          Duration pollInterval) {
    public static final List<String> STORAGE_TYPES = List.of("", "local", "s3", "filesystem");

    public static RulerConfig defaults() {
        return new RulerConfig("", "", true, Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    /** True when rules are read from a local directory ({@code storage.type: local}). */
    public boolean isLocal() {
        return storageType.equals("local");
    }

    public RulerConfig withEnableApi(boolean enableApi) {
        return new RulerConfig(storageType, localDirectory, enableApi, evaluationInterval, pollInterval);
    }
}

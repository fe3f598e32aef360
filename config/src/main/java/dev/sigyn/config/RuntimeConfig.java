package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code runtime_config:} block, Loki's: a file of per-tenant overrides ({@code overrides: {tenant: {limit: value}}})
 * read again every {@code period} while the server runs (see {@link RuntimeOverrides}).
 *
 * @param file   the overrides file; empty for none
 * @param period how often the file is read again
 */
public record RuntimeConfig(String file, Duration period) {
    public static RuntimeConfig defaults() {
        return new RuntimeConfig("", Duration.ofSeconds(10));
    }
}

package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runtime_config.file: per-tenant overrides over limits_config, reloaded while the server runs. */
class RuntimeOverridesTest {
    @TempDir
    Path dir;

    private Path file;

    private RuntimeOverrides start(String overrides, Duration period) throws Exception {
        file = dir.resolve("overrides.yaml");
        Files.writeString(file, overrides);
        SigynConfig config = SigynConfig.defaults()
                .withLimits(LimitsConfig.defaults().withIngestionRateMb(8))
                .withRuntimeConfig(new RuntimeConfig(file.toString(), period));
        return RuntimeOverrides.start(config, limits -> {
            if (limits.maxQuerySeries() == 13) throw new IllegalArgumentException("13 series is unlucky");
        });
    }

    private RuntimeOverrides start(String overrides) throws Exception {
        return start(overrides, Duration.ofHours(1));
    }

    @Test
    void aTenantsOverrideReplacesOnlyTheKeysItNames() throws Exception {
        try (RuntimeOverrides limits = start("overrides:\n  acme:\n    max_line_size: 1KB\n")) {
            assertEquals(1024, limits.forTenant("acme").maxLineSize());
            assertEquals(8, limits.forTenant("acme").ingestionRateMb(), "limits_config's value, not Loki's default");
            assertEquals(LimitsConfig.defaults().maxLineSize(), limits.forTenant("other").maxLineSize());
            assertEquals(8, limits.forTenant("other").ingestionRateMb());
        }
    }

    @Test
    void withoutAFileEveryTenantGetsLimitsConfig() throws Exception {
        SigynConfig config = SigynConfig.defaults().withLimits(LimitsConfig.defaults().withMaxLineSize(77));
        try (RuntimeOverrides limits = RuntimeOverrides.start(config, l -> {})) {
            assertEquals(77, limits.forTenant("acme").maxLineSize());
        }
    }

    @Test
    void aChangedFileAppliesWithinOnePeriod() throws Exception {
        try (RuntimeOverrides limits = start("overrides:\n  acme:\n    max_entries_limit_per_query: 10\n",
                Duration.ofMillis(100))) {
            assertEquals(10, limits.forTenant("acme").maxEntriesLimitPerQuery());
            Files.writeString(file, "overrides:\n  acme:\n    max_entries_limit_per_query: 20\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (limits.forTenant("acme").maxEntriesLimitPerQuery() != 20 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(20, limits.forTenant("acme").maxEntriesLimitPerQuery());
        }
    }

    @Test
    void removingATenantFromTheFileGivesItLimitsConfigAgain() throws Exception {
        try (RuntimeOverrides limits = start("overrides:\n  acme:\n    ingestion_rate_mb: 1\n")) {
            Files.writeString(file, "overrides: {}\n");
            limits.reload();
            assertEquals(8, limits.forTenant("acme").ingestionRateMb());
        }
    }

    @Test
    void aBrokenFileKeepsTheLastGoodOverrides() throws Exception {
        try (RuntimeOverrides limits = start("overrides:\n  acme:\n    ingestion_rate_mb: 1\n")) {
            for (String broken : new String[] {
                    "overrides:\n  acme:\n    ingestion_rate_nb: 2\n", // unknown key
                    "overrides:\n  acme:\n    ingestion_rate_mb: lots\n", // bad value
                    "overrides:\n  acme: [\n", // not YAML
                    "overides:\n  acme:\n    ingestion_rate_mb: 2\n", // unknown block
                    "overrides:\n  acme:\n    max_query_series: 13\n"}) { // refused by a component's check
                Files.writeString(file, broken);
                limits.reload();
                assertEquals(1, limits.forTenant("acme").ingestionRateMb(), broken);
            }
            Files.delete(file);
            limits.reload();
            assertEquals(1, limits.forTenant("acme").ingestionRateMb(), "a file gone missing");
        }
    }

    @Test
    void aBrokenFileAtStartUpIsAnErrorThatSaysWhy() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> start("overrides:\n  acme:\n    ingestion_rate_nb: 2\n"));
        assertTrue(e.getMessage().contains("overrides.acme")
                && e.getMessage().contains("unknown key limits_config.ingestion_rate_nb")
                && e.getMessage().contains("did you mean limits_config.ingestion_rate_mb?"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> start("overrides:\n  acme:\n    max_query_series: 13\n"));
        assertTrue(e.getMessage().contains("overrides.acme: 13 series is unlucky"), e.getMessage());
    }

    @Test
    void lokiKeysSigynDoesNotUseAreIgnoredNotRefused() throws Exception {
        try (RuntimeOverrides limits = start("""
                overrides:
                  acme:
                    max_line_size: 2KB
                    max_cache_freshness_per_query: 10m
                configs:
                  acme:
                    log_push_request: true
                """)) {
            assertEquals(2048, limits.forTenant("acme").maxLineSize());
        }
    }

    @Test
    void aMissingFileAtStartUpIsAnError() {
        SigynConfig config = SigynConfig.defaults()
                .withRuntimeConfig(new RuntimeConfig(dir.resolve("absent.yaml").toString(), Duration.ofSeconds(10)));
        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeOverrides.start(config, l -> {}));
        assertTrue(e.getMessage().contains("absent.yaml"), e.getMessage());
    }
}

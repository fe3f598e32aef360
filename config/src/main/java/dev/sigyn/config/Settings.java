package dev.sigyn.config;

import static dev.sigyn.config.ValueKind.BOOLEAN;
import static dev.sigyn.config.ValueKind.DURATION;
import static dev.sigyn.config.ValueKind.FLOAT;
import static dev.sigyn.config.ValueKind.INT;
import static dev.sigyn.config.ValueKind.PROMETHEUS_DURATION;
import static dev.sigyn.config.ValueKind.SIZE;
import static dev.sigyn.config.ValueKind.SIZE_INT;
import static dev.sigyn.config.ValueKind.STRING;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The table of every setting Sigyn reads, in the order {@code /config} prints them, and the one place that turns a
 * map of values (dotted path to value) into a {@link SigynConfig}. Kinds follow the Go types Loki declares, so that
 * printing gives Loki's formats.
 */
final class Settings {
    static final List<String> TARGETS =
            List.of("all", "distributor", "ingester", "querier", "query-frontend", "compactor", "ruler");
    static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");

    static final List<Setting> ALL = List.of(
            Setting.oneOf("target", "target", SigynConfig::target, TARGETS),
            new Setting("auth_enabled", "auth.enabled", BOOLEAN, SigynConfig::authEnabled),

            new Setting("server.http_listen_address", "server.http-listen-address", STRING,
                    c -> c.server().httpListenAddress()),
            new Setting("server.http_listen_port", "server.http-listen-port", INT, c -> c.server().httpListenPort(),
                    port -> (Integer) port <= 65_535, "must be a port number between 0 and 65535"),
            Setting.oneOf("server.log_level", "log.level", c -> c.server().logLevel(), LOG_LEVELS),

            new Setting("common.path_prefix", "common.path-prefix", STRING, c -> c.common().pathPrefix()),
            new Setting("common.storage.filesystem.chunks_directory", "common.storage.filesystem.chunk-directory",
                    STRING, c -> c.common().storage().filesystem().chunksDirectory()),
            new Setting("common.storage.filesystem.rules_directory", "common.storage.filesystem.rules-directory",
                    STRING, c -> c.common().storage().filesystem().rulesDirectory()),

            new Setting("ingester.chunk_idle_period", "ingester.chunks-idle-period", DURATION,
                    c -> c.ingester().chunkIdlePeriod()),
            new Setting("ingester.max_chunk_age", "ingester.max-chunk-age", DURATION, c -> c.ingester().maxChunkAge()),
            new Setting("ingester.chunk_target_size", "ingester.chunk-target-size", SIZE_INT,
                    c -> c.ingester().chunkTargetSize()),
            new Setting("ingester.chunk_block_size", "ingester.chunks-block-size", SIZE_INT,
                    c -> c.ingester().chunkBlockSize()),
            new Setting("ingester.flush_check_period", "ingester.flush-check-period", DURATION,
                    c -> c.ingester().flushCheckPeriod()),
            new Setting("ingester.wal.enabled", "ingester.wal-enabled", BOOLEAN, c -> c.ingester().walEnabled()),
            new Setting("ingester.wal.dir", "ingester.wal-dir", STRING, c -> c.ingester().walDir()),
            new Setting("ingester.wal.flush_on_shutdown", "ingester.flush-on-shutdown", BOOLEAN,
                    c -> c.ingester().flushOnShutdown()),

            new Setting("limits_config.ingestion_rate_mb", "distributor.ingestion-rate-limit-mb", FLOAT,
                    c -> c.limits().ingestionRateMb()),
            new Setting("limits_config.ingestion_burst_size_mb", "distributor.ingestion-burst-size-mb", FLOAT,
                    c -> c.limits().ingestionBurstSizeMb()),
            new Setting("limits_config.max_line_size", "distributor.max-line-size", SIZE,
                    c -> c.limits().maxLineSize()),
            new Setting("limits_config.max_label_names_per_series", "validation.max-label-names-per-series", INT,
                    c -> c.limits().maxLabelNamesPerSeries()),
            new Setting("limits_config.max_label_name_length", "validation.max-length-label-name", INT,
                    c -> c.limits().maxLabelNameLength()),
            new Setting("limits_config.max_label_value_length", "validation.max-length-label-value", INT,
                    c -> c.limits().maxLabelValueLength()),
            new Setting("limits_config.reject_old_samples", "validation.reject-old-samples", BOOLEAN,
                    c -> c.limits().rejectOldSamples()),
            new Setting("limits_config.reject_old_samples_max_age", "validation.reject-old-samples.max-age",
                    PROMETHEUS_DURATION, c -> c.limits().rejectOldSamplesMaxAge()),
            new Setting("limits_config.creation_grace_period", "validation.create-grace-period", PROMETHEUS_DURATION,
                    c -> c.limits().creationGracePeriod()),
            new Setting("limits_config.max_global_streams_per_user", "ingester.max-global-streams-per-user", INT,
                    c -> c.limits().maxGlobalStreamsPerUser()),
            new Setting("limits_config.per_stream_rate_limit", "ingester.per-stream-rate-limit", SIZE,
                    c -> c.limits().perStreamRateLimit()),
            new Setting("limits_config.per_stream_rate_limit_burst", "ingester.per-stream-rate-limit-burst", SIZE,
                    c -> c.limits().perStreamRateLimitBurst()),
            new Setting("limits_config.max_entries_limit_per_query", "validation.max-entries-limit", INT,
                    c -> c.limits().maxEntriesLimitPerQuery()),
            new Setting("limits_config.max_query_series", "querier.max-query-series", INT,
                    c -> c.limits().maxQuerySeries()),
            new Setting("limits_config.max_query_length", "store.max-query-length", PROMETHEUS_DURATION,
                    c -> c.limits().maxQueryLength()));

    private static final Map<String, Setting> BY_PATH =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Setting::path, Function.identity()));
    private static final Map<String, Setting> BY_FLAG =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Setting::flag, Function.identity()));
    /** Blocks that hold settings ("server", "common.storage", ...): Sigyn looks inside these key by key. */
    private static final Set<String> BLOCKS = blocks();

    private Settings() {}

    static Optional<Setting> byPath(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    static Optional<Setting> byFlag(String flag) {
        return Optional.ofNullable(BY_FLAG.get(flag));
    }

    static boolean isBlock(String path) {
        return BLOCKS.contains(path);
    }

    /** Every setting's current value in {@code config}, by path, in table order. */
    static Map<String, Object> valuesOf(SigynConfig config) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting s : ALL) values.put(s.path(), s.read().apply(config));
        return values;
    }

    /** The configuration holding {@code values}, which must have a value for every setting. */
    static SigynConfig build(Map<String, Object> values) {
        Values v = new Values(values);
        return new SigynConfig(
                v.string("target"),
                v.bool("auth_enabled"),
                new ServerConfig(
                        v.string("server.http_listen_address"),
                        v.integer("server.http_listen_port"),
                        v.string("server.log_level")),
                new CommonConfig(
                        v.string("common.path_prefix"),
                        new CommonConfig.StorageConfig(new CommonConfig.FilesystemConfig(
                                v.string("common.storage.filesystem.chunks_directory"),
                                v.string("common.storage.filesystem.rules_directory")))),
                new IngesterConfig(
                        v.duration("ingester.chunk_idle_period"),
                        v.duration("ingester.max_chunk_age"),
                        v.size("ingester.chunk_target_size"),
                        v.size("ingester.chunk_block_size"),
                        v.duration("ingester.flush_check_period"),
                        v.string("ingester.wal.dir"),
                        v.bool("ingester.wal.enabled"),
                        v.bool("ingester.wal.flush_on_shutdown")),
                new LimitsConfig(
                        v.number("limits_config.ingestion_rate_mb"),
                        v.number("limits_config.ingestion_burst_size_mb"),
                        v.size("limits_config.max_line_size"),
                        v.integer("limits_config.max_label_names_per_series"),
                        v.integer("limits_config.max_label_name_length"),
                        v.integer("limits_config.max_label_value_length"),
                        v.bool("limits_config.reject_old_samples"),
                        v.duration("limits_config.reject_old_samples_max_age"),
                        v.duration("limits_config.creation_grace_period"),
                        v.integer("limits_config.max_global_streams_per_user"),
                        v.size("limits_config.per_stream_rate_limit"),
                        v.size("limits_config.per_stream_rate_limit_burst"),
                        v.integer("limits_config.max_entries_limit_per_query"),
                        v.integer("limits_config.max_query_series"),
                        v.duration("limits_config.max_query_length")));
    }

    private static Set<String> blocks() {
        Set<String> blocks = new HashSet<>();
        for (Setting s : ALL) {
            for (String p = s.parent(); !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
                blocks.add(p);
            }
        }
        return Set.copyOf(blocks);
    }

    /** Typed reads from the value map; a missing path is a bug in this table, hence the unchecked exception. */
    private record Values(Map<String, Object> values) {
        private Object get(String path) {
            Object v = values.get(path);
            if (v == null) throw new IllegalStateException("no value for setting " + path);
            return v;
        }

        String string(String path) {
            return (String) get(path);
        }

        boolean bool(String path) {
            return (Boolean) get(path);
        }

        int integer(String path) {
            return (Integer) get(path);
        }

        long size(String path) {
            return (Long) get(path);
        }

        double number(String path) {
            return (Double) get(path);
        }

        Duration duration(String path) {
            return (Duration) get(path);
        }
    }
}

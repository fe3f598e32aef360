package dev.sigyn.config;

import static dev.sigyn.config.ValueKind.BOOLEAN;
import static dev.sigyn.config.ValueKind.CREDENTIALS;
import static dev.sigyn.config.ValueKind.DURATION;
import static dev.sigyn.config.ValueKind.FLOAT;
import static dev.sigyn.config.ValueKind.INT;
import static dev.sigyn.config.ValueKind.PROMETHEUS_DURATION;
import static dev.sigyn.config.ValueKind.REDACTION_RULES;
import static dev.sigyn.config.ValueKind.RETENTION_STREAMS;
import static dev.sigyn.config.ValueKind.SECRET;
import static dev.sigyn.config.ValueKind.SECRET_URL;
import static dev.sigyn.config.ValueKind.SIZE;
import static dev.sigyn.config.ValueKind.SIZE_INT;
import static dev.sigyn.config.ValueKind.STRING;
import static dev.sigyn.config.ValueKind.STRING_LIST;

import java.time.Duration;
import java.util.ArrayList;
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
    static final List<String> TARGETS = List.of("all", "distributor", "ingester", "querier", "query-frontend", "compactor");
    static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");

    /** The parts of the S3 settings that live under both {@code common.storage.s3} and {@code storage_config.aws}. */
    static final String COMMON_S3 = "common.storage.s3";
    static final String AWS_S3 = "storage_config.aws";

    static final List<Setting> ALL = concat(List.of(
            new Setting("target", "target", STRING, SigynConfig::target, Settings::isTarget,
                    "must be all, or one or more (comma-separated) of " + String.join(", ", SigynConfig.COMPONENTS)),
            new Setting("auth_enabled", "auth.enabled", BOOLEAN, SigynConfig::authEnabled),

            new Setting("server.http_listen_address", "server.http-listen-address", STRING,
                    c -> c.server().httpListenAddress()),
            new Setting("server.http_listen_port", "server.http-listen-port", INT, c -> c.server().httpListenPort(),
                    port -> (Integer) port <= 65_535, "must be a port number between 0 and 65535"),
            Setting.oneOf("server.log_level", "log.level", c -> c.server().logLevel(), LOG_LEVELS),
            new Setting("server.graceful_shutdown_timeout", "server.graceful-shutdown-timeout", DURATION,
                    c -> c.server().gracefulShutdownTimeout()),
            new Setting("server.http_server_read_timeout", "server.http-read-timeout", DURATION,
                    c -> c.server().httpServerReadTimeout()),
            new Setting("server.http_server_write_timeout", "server.http-write-timeout", DURATION,
                    c -> c.server().httpServerWriteTimeout()),
            new Setting("server.http_server_idle_timeout", "server.http-idle-timeout", DURATION,
                    c -> c.server().httpServerIdleTimeout()),

            new Setting("server.tls_min_version", "server.tls-min-version", STRING, c -> c.server().tls().minVersion(),
                    v -> ((String) v).isEmpty() || ServerTlsConfig.VERSIONS.containsKey(v),
                    "must be empty (TLS 1.2) or one of VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13"),
            new Setting("server.tls_cipher_suites", "server.tls-cipher-suites", STRING,
                    c -> c.server().tls().cipherSuites(), ServerTlsConfig::knownCipherSuites,
                    "must be a comma list of TLS 1.2 cipher suites this JVM supports, by their Go/IANA names"
                            + " (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...)")),
            tlsSettings("server.http_tls_config", "server.http-tls-", c -> c.server().tls().http()),
            tlsSettings("server.grpc_tls_config", "server.grpc-tls-", c -> c.server().tls().grpc()),
            List.of(
            new Setting("server.grpc_listen_port", "server.grpc-listen-port", INT, c -> c.cluster().grpcListenPort(),
                    port -> (Integer) port <= 65_535, "must be a port number between 0 and 65535"),
            new Setting("common.instance_addr", "common.instance-addr", STRING, c -> c.cluster().instanceAddr()),
            new Setting("common.path_prefix", "common.path-prefix", STRING, c -> c.common().pathPrefix()),
            new Setting("common.storage.filesystem.chunks_directory", "common.storage.filesystem.chunk-directory",
                    STRING, c -> c.common().storage().filesystem().chunksDirectory())),
            s3Settings(COMMON_S3, "common.storage."),
            s3Settings(AWS_S3, ""),
            List.of(
            new Setting("storage_encryption.key_file", "storage-encryption.key-file", STRING,
                    c -> encryption(c).keyFile()),
            new Setting("storage_encryption.key_env", "storage-encryption.key-env", STRING,
                    c -> encryption(c).keyEnv()),
            new Setting("storage_encryption.previous_key_files", "storage-encryption.previous-key-files", STRING_LIST,
                    c -> encryption(c).previousKeyFiles()),
            new Setting("storage_encryption.wal", "storage-encryption.wal", BOOLEAN, c -> encryption(c).wal()),

            new Setting("distributor.max_recv_msg_size", "distributor.max-recv-msg-size", SIZE_INT,
                    c -> c.distributor().maxRecvMsgSize()),
            new Setting("distributor.max_inflight_bytes", "distributor.max-inflight-bytes", SIZE_INT,
                    c -> c.distributor().maxInflightBytes()),

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
            new Setting("ingester.max_unflushed_bytes", "ingester.max-unflushed-bytes", SIZE,
                    c -> c.ingester().maxUnflushedBytes()),

            new Setting("querier.engine.max_look_back_period", "querier.engine.max-lookback-period", DURATION,
                    c -> c.querier().maxLookBackPeriod()),
            new Setting("querier.tail_max_duration", "querier.tail-max-duration", DURATION,
                    c -> c.querier().tailMaxDuration()),
            new Setting("querier.max_concurrent", "querier.max-concurrent", INT, c -> c.querier().maxConcurrent(),
                    n -> (Integer) n >= 1, "must be at least 1"),
            new Setting("querier.multi_tenant_queries_enabled", "querier.multi-tenant-queries-enabled", BOOLEAN,
                    c -> c.querier().multiTenantQueriesEnabled()),

            new Setting("compactor.compaction_interval", "compactor.compaction-interval", DURATION,
                    c -> c.compactor().compactionInterval()),
            new Setting("compactor.retention_enabled", "compactor.retention-enabled", BOOLEAN,
                    c -> c.compactor().retentionEnabled()),
            new Setting("compactor.retention_delete_delay", "compactor.retention-delete-delay", DURATION,
                    c -> c.compactor().retentionDeleteDelay()),
            new Setting("compactor.delete_request_cancel_period", "compactor.delete-request-cancel-period", DURATION,
                    c -> c.compactor().deleteRequestCancelPeriod()),

            Setting.oneOf("ruler.storage.type", "ruler.storage.type", c -> c.ruler().storageType(),
                    RulerConfig.STORAGE_TYPES),
            new Setting("ruler.storage.local.directory", "ruler.storage.local.directory", STRING,
                    c -> c.ruler().localDirectory()),
            new Setting("ruler.enable_api", "ruler.enable-api", BOOLEAN, c -> c.ruler().enableApi()),
            new Setting("ruler.evaluation_interval", "ruler.evaluation-interval", DURATION,
                    c -> c.ruler().evaluationInterval(), d -> ((Duration) d).isPositive(), "must be above 0"),
            new Setting("ruler.poll_interval", "ruler.poll-interval", DURATION, c -> c.ruler().pollInterval(),
                    d -> ((Duration) d).isPositive(), "must be above 0"),

            new Setting("chunk_store_config.chunk_cache_config.embedded_cache.max_size_mb",
                    "store.chunks-cache.embedded-cache.max-size-mb", INT, c -> (int) c.caches().chunkCacheMb()),
            new Setting("storage_config.index_queries_cache_config.embedded_cache.max_size_mb",
                    "store.index-cache-read.embedded-cache.max-size-mb", INT, c -> (int) c.caches().indexCacheMb()),
            new Setting("query_range.cache_results", "querier.cache-results", BOOLEAN, c -> c.caches().cacheResults()),
            new Setting("query_range.results_cache.cache.embedded_cache.max_size_mb",
                    "frontend.embedded-cache.max-size-mb", INT, c -> (int) c.caches().resultsCacheMb()),

            new Setting("kafka_config.address", "kafka.address", STRING, c -> c.kafka().address()),
            new Setting("kafka_config.topic", "kafka.topic", STRING, c -> c.kafka().topic(),
                    t -> ((String) t).matches("[A-Za-z0-9._-]{1,249}"),
                    "must be a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'"),
            new Setting("kafka_config.client_id", "kafka.client-id", STRING, c -> c.kafka().clientId()),
            new Setting("kafka_config.dial_timeout", "kafka.dial-timeout", DURATION, c -> c.kafka().dialTimeout(),
                    d -> ((Duration) d).isPositive(), "must be above 0"),
            new Setting("kafka_config.write_timeout", "kafka.write-timeout", DURATION, c -> c.kafka().writeTimeout(),
                    d -> ((Duration) d).isPositive(), "must be above 0"),
            new Setting("kafka_config.producer_max_record_size_bytes", "kafka.producer-max-record-size-bytes", INT,
                    c -> c.kafka().producerMaxRecordSizeBytes(), n -> (Integer) n >= 1024, "must be at least 1024"),
            new Setting("kafka_config.consumer_group", "kafka.consumer-group", STRING, c -> c.kafka().consumerGroup(),
                    g -> !((String) g).isEmpty(), "must not be empty"),
            new Setting("kafka_config.auto_create_topic_enabled", "kafka.auto-create-topic-enabled", BOOLEAN,
                    c -> c.kafka().autoCreateTopicEnabled()),
            new Setting("kafka_config.auto_create_topic_default_partitions", "kafka.auto-create-topic-default-partitions",
                    INT, c -> c.kafka().autoCreateTopicDefaultPartitions(), n -> (Integer) n >= 1, "must be at least 1"),
            new Setting("kafka_config.replication_factor", "kafka.replication-factor", INT,
                    c -> c.kafka().replicationFactor(), n -> (Integer) n >= 1, "must be at least 1"),
            new Setting("kafka_config.checkpoint_interval", "kafka.checkpoint-interval", DURATION,
                    c -> c.kafka().checkpointInterval(), d -> ((Duration) d).isPositive(), "must be above 0"),
            new Setting("kafka_config.sasl_username", "kafka.sasl-username", STRING, c -> c.kafka().saslUsername()),
            new Setting("kafka_config.sasl_password", "kafka.sasl-password", SECRET, c -> c.kafka().saslPassword()),
            Setting.oneOf("kafka_config.sasl_mechanism", "kafka.sasl-mechanism", c -> c.kafka().saslMechanism(),
                    List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")),
            new Setting("kafka_config.tls_enabled", "kafka.tls-enabled", BOOLEAN, c -> c.kafka().tlsEnabled()),
            new Setting("kafka_config.tls_ca_path", "kafka.tls-ca-path", STRING, c -> c.kafka().tlsCaPath()),
            new Setting("kafka_config.tls_cert_path", "kafka.tls-cert-path", STRING, c -> c.kafka().tlsCertPath()),
            new Setting("kafka_config.tls_key_path", "kafka.tls-key-path", STRING, c -> c.kafka().tlsKeyPath()),

            new Setting("auth.users", "auth.users", CREDENTIALS, c -> c.auth().users()),
            new Setting("auth.tokens", "auth.tokens", CREDENTIALS, c -> c.auth().tokens()),
            new Setting("auth.oidc.jwks_file", "auth.oidc.jwks-file", STRING, c -> c.auth().oidc().jwksFile()),
            new Setting("auth.oidc.jwks_url", "auth.oidc.jwks-url", STRING, c -> c.auth().oidc().jwksUrl()),
            new Setting("auth.oidc.issuer", "auth.oidc.issuer", STRING, c -> c.auth().oidc().issuer()),
            new Setting("auth.oidc.audience", "auth.oidc.audience", STRING, c -> c.auth().oidc().audience()),
            new Setting("auth.oidc.tenants_claim", "auth.oidc.tenants-claim", STRING,
                    c -> c.auth().oidc().tenantsClaim(), v -> !((String) v).isEmpty(), "must not be empty"),
            new Setting("auth.oidc.username_claim", "auth.oidc.username-claim", STRING,
                    c -> c.auth().oidc().usernameClaim(), v -> !((String) v).isEmpty(), "must not be empty"),
            new Setting("auth.oidc.default_roles", "auth.oidc.default-roles", STRING_LIST,
                    c -> c.auth().oidc().defaultRoles(), v -> AuthConfig.ROLES.containsAll((List<?>) v),
                    "must name roles among " + String.join(", ", AuthConfig.ROLES)),
            new Setting("auth.audit_log", "auth.audit-log", STRING, c -> c.auth().auditLog()),
            Setting.oneOf("auth.audit_log_format", "auth.audit-log-format", c -> c.auth().auditLogFormat(),
                    List.of("logfmt", "json")),
            new Setting("auth.audit_log_max_size", "auth.audit-log-max-size", SIZE, c -> c.auth().auditLogMaxSize(),
                    v -> (Long) v >= 4096, "must be at least 4KB"),
            new Setting("auth.audit_log_max_files", "auth.audit-log-max-files", INT, c -> c.auth().auditLogMaxFiles(),
                    v -> (Integer) v >= 1 && (Integer) v <= 20, "must be between 1 and 20"),
            new Setting("auth.audit_pushes", "auth.audit-pushes", BOOLEAN, c -> c.auth().auditPushes()),
            new Setting("auth.open_paths", "auth.open-paths", STRING_LIST, c -> c.auth().openPaths(),
                    v -> ((List<?>) v).stream().allMatch(p -> ((String) p).startsWith("/")), "paths must start with /"),
            new Setting("auth.max_failed_attempts_per_minute", "auth.max-failed-attempts-per-minute", INT,
                    c -> c.auth().maxFailedAttempts(), v -> (Integer) v >= 1, "must be at least 1"),

            new Setting("runtime_config.file", "runtime-config.file", STRING, c -> c.runtimeConfig().file()),
            new Setting("runtime_config.period", "runtime-config.reload-period", DURATION,
                    c -> c.runtimeConfig().period(), period -> ((Duration) period).isPositive(), "must be above 0"),

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
                    c -> c.limits().maxQueryLength()),
            new Setting("limits_config.query_timeout", "querier.query-timeout", PROMETHEUS_DURATION,
                    c -> c.limits().queryTimeout()),
            new Setting("limits_config.split_queries_by_interval", "querier.split-queries-by-interval",
                    PROMETHEUS_DURATION, c -> c.limits().splitQueriesByInterval()),
            new Setting("limits_config.max_concurrent_tail_requests", "querier.max-concurrent-tail-requests", INT,
                    c -> c.limits().maxConcurrentTailRequests()),
            new Setting("limits_config.retention_period", "store.retention", PROMETHEUS_DURATION,
                    c -> c.limits().retentionPeriod()),
            new Setting("limits_config.retention_stream", "limits.retention-stream", RETENTION_STREAMS,
                    c -> c.limits().retentionStream()),
            new Setting("limits_config.volume_max_series", "limits.volume-max-series", INT,
                    c -> c.limits().volumeMaxSeries()),
            new Setting("limits_config.discover_service_name", "validation.discover-service-name", STRING_LIST,
                    c -> c.limits().discoverServiceName()),
            new Setting("limits_config.discover_log_levels", "validation.discover-log-levels", BOOLEAN,
                    c -> c.limits().discoverLogLevels()),
            new Setting("limits_config.allow_structured_metadata", "validation.allow-structured-metadata", BOOLEAN,
                    c -> c.limits().allowStructuredMetadata()),
            new Setting("limits_config.max_structured_metadata_size", "limits.max-structured-metadata-size", SIZE,
                    c -> c.limits().maxStructuredMetadataSize()),
            new Setting("limits_config.max_structured_metadata_entries_count",
                    "limits.max-structured-metadata-entries-count", INT,
                    c -> c.limits().maxStructuredMetadataEntriesCount()),
            new Setting("limits_config.max_query_memory_bytes", "querier.max-query-memory-bytes", SIZE,
                    c -> c.limits().maxQueryMemoryBytes()),
            new Setting("limits_config.redaction", "limits.redaction", REDACTION_RULES,
                    c -> c.limits().redaction()),
            new Setting("limits_config.redaction_hash_secret", "limits.redaction-hash-secret", SECRET,
                    c -> c.limits().redactionHashSecret())));

    /**
     * Loki's S3 keys under {@code block}, with Loki's flags ({@code -s3.endpoint}, {@code -common.storage.s3.endpoint}).
     * Both blocks print the effective S3 settings, as Loki's {@code /config} does after applying the common block.
     */
    private static List<Setting> s3Settings(String block, String flagPrefix) {
        String p = block + ".";
        String f = flagPrefix + "s3.";
        return List.of(
                new Setting(p + "s3", f + "url", SECRET_URL, c -> s3(c).url()),
                new Setting(p + "s3forcepathstyle", f + "force-path-style", BOOLEAN, c -> s3(c).forcePathStyle()),
                new Setting(p + "bucketnames", f + "buckets", STRING, c -> s3(c).bucketNames(),
                        value -> !((String) value).contains(","),
                        "must name a single bucket: Sigyn keeps all its objects in one bucket"),
                new Setting(p + "endpoint", f + "endpoint", STRING, c -> s3(c).endpoint()),
                new Setting(p + "region", f + "region", STRING, c -> s3(c).region()),
                new Setting(p + "access_key_id", f + "access-key-id", STRING, c -> s3(c).accessKeyId()),
                new Setting(p + "secret_access_key", f + "secret-access-key", SECRET, c -> s3(c).secretAccessKey()),
                new Setting(p + "insecure", f + "insecure", BOOLEAN, c -> s3(c).insecure()),
                new Setting(p + "sse.type", f + "sse.type", STRING, c -> s3(c).sse().type(),
                        type -> List.of("", CommonConfig.SseConfig.SSE_S3, CommonConfig.SseConfig.SSE_KMS).contains(type),
                        "must be SSE-S3 or SSE-KMS, or empty for none"),
                new Setting(p + "sse.kms_key_id", f + "sse.kms-key-id", STRING, c -> s3(c).sse().kmsKeyId()),
                new Setting(p + "sse.kms_encryption_context", f + "sse.kms-encryption-context", STRING,
                        c -> s3(c).sse().kmsEncryptionContext(), Settings::isKmsContext,
                        "must be a JSON object of strings, such as {\"team\": \"logs\"}"),
                new Setting(p + "http_config.insecure_skip_verify", f + "http.insecure-skip-verify", BOOLEAN,
                        c -> s3(c).insecureSkipVerify()),
                new Setting(p + "http_config.ca_file", f + "http.ca-file", STRING, c -> s3(c).caFile()));
    }

    private static boolean isKmsContext(Object value) {
        try {
            KmsContext.parse((String) value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A TLS block of the server section, with Loki's flags ({@code -server.http-tls-cert-path}, ...). */
    private static List<Setting> tlsSettings(String block, String flagPrefix, Function<SigynConfig, TlsConfig> tls) {
        String p = block + ".";
        return List.of(
                new Setting(p + "cert_file", flagPrefix + "cert-path", STRING, c -> tls.apply(c).certFile()),
                new Setting(p + "key_file", flagPrefix + "key-path", STRING, c -> tls.apply(c).keyFile()),
                new Setting(p + "client_auth_type", flagPrefix + "client-auth", STRING,
                        c -> tls.apply(c).clientAuthType(),
                        v -> ((String) v).isEmpty() || TlsConfig.CLIENT_AUTH_TYPES.contains(v),
                        "must be empty (NoClientCert) or one of " + String.join(", ", TlsConfig.CLIENT_AUTH_TYPES)),
                new Setting(p + "client_ca_file", flagPrefix + "ca-path", STRING, c -> tls.apply(c).clientCaFile()));
    }

    private static CommonConfig.S3Config s3(SigynConfig c) {
        return c.common().storage().s3();
    }

    private static EncryptionConfig encryption(SigynConfig c) {
        return c.common().storage().encryption();
    }

    @SafeVarargs
    private static List<Setting> concat(List<Setting>... parts) {
        List<Setting> all = new ArrayList<>();
        for (List<Setting> part : parts) all.addAll(part);
        return List.copyOf(all);
    }

    private static final Map<String, Setting> BY_PATH =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Setting::path, Function.identity()));
    private static final Map<String, Setting> BY_FLAG =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Setting::flag, Function.identity()));
    /** Blocks that hold settings ("server", "common.storage", ...): Sigyn looks inside these key by key. */
    private static final Set<String> BLOCKS = blocks();

    private Settings() {}

    /** {@code all}, or a comma list of components with no repeats. */
    private static boolean isTarget(Object value) {
        String target = (String) value;
        if (target.equals("all")) return true;
        List<String> parts = java.util.Arrays.stream(target.split(",", -1)).map(String::strip).toList();
        return parts.stream().allMatch(SigynConfig.COMPONENTS::contains) && new HashSet<>(parts).size() == parts.size();
    }

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
                        v.string("server.log_level"),
                        v.duration("server.http_server_read_timeout"),
                        v.duration("server.http_server_write_timeout"),
                        v.duration("server.http_server_idle_timeout"),
                        v.duration("server.graceful_shutdown_timeout"),
                        new ServerTlsConfig(tls(v, "server.http_tls_config"), tls(v, "server.grpc_tls_config"),
                                v.string("server.tls_min_version"), v.string("server.tls_cipher_suites"))),
                new CommonConfig(
                        v.string("common.path_prefix"),
                        new CommonConfig.StorageConfig(
                                new CommonConfig.FilesystemConfig(
                                        v.string("common.storage.filesystem.chunks_directory")),
                                effectiveS3(v),
                                new EncryptionConfig(
                                        v.string("storage_encryption.key_file"),
                                        v.string("storage_encryption.key_env"),
                                        v.list("storage_encryption.previous_key_files"),
                                        v.bool("storage_encryption.wal")))),
                new DistributorConfig(
                        v.size("distributor.max_recv_msg_size"),
                        v.size("distributor.max_inflight_bytes")),
                new IngesterConfig(
                        v.duration("ingester.chunk_idle_period"),
                        v.duration("ingester.max_chunk_age"),
                        v.size("ingester.chunk_target_size"),
                        v.size("ingester.chunk_block_size"),
                        v.duration("ingester.flush_check_period"),
                        v.string("ingester.wal.dir"),
                        v.bool("ingester.wal.enabled"),
                        v.bool("ingester.wal.flush_on_shutdown"),
                        v.size("ingester.max_unflushed_bytes")),
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
                        v.duration("limits_config.max_query_length"),
                        v.duration("limits_config.query_timeout"),
                        v.duration("limits_config.split_queries_by_interval"),
                        v.integer("limits_config.max_concurrent_tail_requests"),
                        v.duration("limits_config.retention_period"),
                        v.list("limits_config.retention_stream"),
                        v.integer("limits_config.volume_max_series"),
                        v.list("limits_config.discover_service_name"),
                        v.bool("limits_config.discover_log_levels"),
                        v.bool("limits_config.allow_structured_metadata"),
                        v.size("limits_config.max_structured_metadata_size"),
                        v.integer("limits_config.max_structured_metadata_entries_count"),
                        v.size("limits_config.max_query_memory_bytes"),
                        v.list("limits_config.redaction"),
                        v.string("limits_config.redaction_hash_secret")),
                new QuerierConfig(
                        v.duration("querier.engine.max_look_back_period"),
                        v.duration("querier.tail_max_duration"),
                        v.integer("querier.max_concurrent"),
                        v.bool("querier.multi_tenant_queries_enabled")),
                new CompactorConfig(
                        v.duration("compactor.compaction_interval"),
                        v.bool("compactor.retention_enabled"),
                        v.duration("compactor.retention_delete_delay"),
                        v.duration("compactor.delete_request_cancel_period")),
                new CacheConfig(
                        v.integer("chunk_store_config.chunk_cache_config.embedded_cache.max_size_mb"),
                        v.integer("storage_config.index_queries_cache_config.embedded_cache.max_size_mb"),
                        v.bool("query_range.cache_results"),
                        v.integer("query_range.results_cache.cache.embedded_cache.max_size_mb")),
                new RuntimeConfig(
                        v.string("runtime_config.file"),
                        v.duration("runtime_config.period")),
                new KafkaConfig(
                        v.string("kafka_config.address"),
                        v.string("kafka_config.topic"),
                        v.string("kafka_config.client_id"),
                        v.duration("kafka_config.dial_timeout"),
                        v.duration("kafka_config.write_timeout"),
                        v.integer("kafka_config.producer_max_record_size_bytes"),
                        v.string("kafka_config.consumer_group"),
                        v.bool("kafka_config.auto_create_topic_enabled"),
                        v.integer("kafka_config.auto_create_topic_default_partitions"),
                        v.integer("kafka_config.replication_factor"),
                        v.duration("kafka_config.checkpoint_interval"),
                        v.string("kafka_config.sasl_username"),
                        v.string("kafka_config.sasl_password"),
                        v.string("kafka_config.sasl_mechanism"),
                        v.bool("kafka_config.tls_enabled"),
                        v.string("kafka_config.tls_ca_path"),
                        v.string("kafka_config.tls_cert_path"),
                        v.string("kafka_config.tls_key_path")),
                new ClusterConfig(
                        v.integer("server.grpc_listen_port"),
                        v.string("common.instance_addr")),
                new AuthConfig(
                        v.list("auth.users"),
                        v.list("auth.tokens"),
                        new AuthConfig.Oidc(
                                v.string("auth.oidc.jwks_file"),
                                v.string("auth.oidc.jwks_url"),
                                v.string("auth.oidc.issuer"),
                                v.string("auth.oidc.audience"),
                                v.string("auth.oidc.tenants_claim"),
                                v.string("auth.oidc.username_claim"),
                                v.list("auth.oidc.default_roles")),
                        v.string("auth.audit_log"),
                        v.string("auth.audit_log_format"),
                        v.size("auth.audit_log_max_size"),
                        v.integer("auth.audit_log_max_files"),
                        v.bool("auth.audit_pushes"),
                        v.list("auth.open_paths"),
                        v.integer("auth.max_failed_attempts_per_minute")),
                new RulerConfig(
                        v.string("ruler.storage.type"),
                        v.string("ruler.storage.local.directory"),
                        v.bool("ruler.enable_api"),
                        v.duration("ruler.evaluation_interval"),
                        v.duration("ruler.poll_interval")));
    }

    /** As in Loki: a {@code common.storage.s3} block with any key set replaces {@code storage_config.aws} whole. */
    private static CommonConfig.S3Config effectiveS3(Values v) {
        CommonConfig.S3Config common = s3Block(v, COMMON_S3);
        return common.equals(CommonConfig.S3Config.defaults()) ? s3Block(v, AWS_S3) : common;
    }

    private static CommonConfig.S3Config s3Block(Values v, String block) {
        String p = block + ".";
        return new CommonConfig.S3Config(v.string(p + "s3"), v.string(p + "endpoint"), v.string(p + "bucketnames"),
                v.string(p + "access_key_id"), v.string(p + "secret_access_key"), v.string(p + "region"),
                v.bool(p + "insecure"), v.bool(p + "s3forcepathstyle"),
                new CommonConfig.SseConfig(v.string(p + "sse.type"), v.string(p + "sse.kms_key_id"),
                        v.string(p + "sse.kms_encryption_context")),
                v.bool(p + "http_config.insecure_skip_verify"), v.string(p + "http_config.ca_file"));
    }

    private static TlsConfig tls(Values v, String block) {
        String p = block + ".";
        return new TlsConfig(v.string(p + "cert_file"), v.string(p + "key_file"), v.string(p + "client_auth_type"),
                v.string(p + "client_ca_file"));
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

        @SuppressWarnings("unchecked")
        <T> java.util.List<T> list(String path) {
            return (java.util.List<T>) get(path);
        }
    }
}

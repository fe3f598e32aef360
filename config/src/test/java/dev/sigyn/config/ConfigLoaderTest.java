package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("sigyn.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private ConfigLoader.LoadedConfig loadFile(String yaml, String... extraArgs) throws Exception {
        String[] args = new String[extraArgs.length + 1];
        args[0] = "-config.file=" + file(yaml);
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        return ConfigLoader.load(args, name -> null);
    }

    private ConfigException fileError(String yaml) {
        return assertThrows(ConfigException.class, () -> loadFile(yaml));
    }

    @Nested
    class Defaults {
        @Test
        void noArgumentsGiveSigynDefaults() throws Exception {
            var loaded = ConfigLoader.load(new String[0]);
            assertEquals(SigynConfig.defaults(), loaded.config());
            assertEquals(List.of(), loaded.warnings());
        }

        @Test
        void defaultsAreLokis() throws Exception {
            SigynConfig c = ConfigLoader.load(new String[0]).config();
            assertEquals(3100, c.server().httpListenPort());
            assertEquals(262_144, c.limits().maxLineSize());
            assertEquals(3 * 1_048_576, c.limits().perStreamRateLimit());
            assertEquals(15 * 1_048_576, c.limits().perStreamRateLimitBurst());
            assertEquals(Duration.ofHours(721), c.limits().maxQueryLength());
            assertEquals(Duration.ofMinutes(30), c.ingester().chunkIdlePeriod());
            assertEquals(1_572_864, c.ingester().chunkTargetSize());
        }

        @Test
        void ingestDiscoveryIsOnAsInLoki3AndTurnsOffAsTheDocsSay() throws Exception {
            LimitsConfig on = ConfigLoader.load(new String[0]).config().limits();
            assertEquals(List.of("service", "app", "application", "app_name", "name", "app_kubernetes_io_name",
                    "container", "container_name", "k8s_container_name", "component", "workload", "job",
                    "k8s_job_name"), on.discoverServiceName());
            assertTrue(on.discoverLogLevels());
            for (LimitsConfig off : List.of(
                    loadFile("limits_config:\n  discover_service_name: []\n  discover_log_levels: false\n")
                            .config().limits(),
                    ConfigLoader.load(new String[] {"-validation.discover-service-name=",
                            "-validation.discover-log-levels=false"}).config().limits())) {
                assertEquals(List.of(), off.discoverServiceName());
                assertFalse(off.discoverLogLevels());
            }
        }

        @Test
        void dataLivesUnderPathPrefix() throws Exception {
            SigynConfig c = ConfigLoader.load(new String[0]).config();
            assertEquals("data/wal", c.walDirectory());
            assertEquals("data/chunks", c.chunksDirectory());
            SigynConfig moved = ConfigLoader.load(new String[] {"-common.path-prefix=/var/lib/sigyn"}).config();
            assertEquals("/var/lib/sigyn/wal", moved.walDirectory());
            assertEquals("/var/lib/sigyn/chunks", moved.chunksDirectory());
        }

        @Test
        void anEmptyFileKeepsTheDefaults() throws Exception {
            assertEquals(SigynConfig.defaults(), loadFile("").config());
            assertEquals(SigynConfig.defaults(), loadFile("# only a comment\n").config());
        }
    }

    @Nested
    class FileLoading {
        @Test
        void readsEveryBlockWithLokisKeyNames() throws Exception {
            SigynConfig c = loadFile("""
                    target: all
                    auth_enabled: true
                    server:
                      http_listen_address: 127.0.0.1
                      http_listen_port: 9100
                      log_level: debug
                    common:
                      path_prefix: /tmp/loki
                      storage:
                        filesystem:
                          chunks_directory: /tmp/loki/chunks2
                          rules_directory: /tmp/loki/rules
                    ingester:
                      chunk_idle_period: 1h
                      max_chunk_age: 90m
                      chunk_target_size: 2MB
                      chunk_block_size: 131072
                      flush_check_period: 15s
                      wal:
                        dir: /tmp/wal
                        enabled: false
                        flush_on_shutdown: false
                    limits_config:
                      ingestion_rate_mb: 10.5
                      ingestion_burst_size_mb: 20
                      max_line_size: 512KB
                      max_label_names_per_series: 30
                      max_label_name_length: 100
                      max_label_value_length: 200
                      reject_old_samples: false
                      reject_old_samples_max_age: 2w
                      creation_grace_period: 5m
                      max_global_streams_per_user: 0
                      per_stream_rate_limit: 5MB
                      per_stream_rate_limit_burst: 20MB
                      max_entries_limit_per_query: 10000
                      max_query_series: 1000
                      max_query_length: 0
                    """).config();
            assertTrue(c.authEnabled());
            assertEquals(new ServerConfig("127.0.0.1", 9100, "debug"), c.server());
            assertEquals("/tmp/loki", c.common().pathPrefix());
            assertEquals("/tmp/loki/chunks2", c.chunksDirectory());
            assertEquals(new IngesterConfig(Duration.ofHours(1), Duration.ofMinutes(90), 2 * 1_048_576, 131_072,
                    Duration.ofSeconds(15), "/tmp/wal", false, false, IngesterConfig.defaults().maxUnflushedBytes()),
                    c.ingester());
            assertEquals("/tmp/wal", c.walDirectory());
            assertEquals(LimitsConfig.defaults().withIngestionRateMb(10.5).withIngestionBurstSizeMb(20)
                    .withMaxLineSize(524_288).withMaxLabelNamesPerSeries(30).withMaxLabelNameLength(100)
                    .withMaxLabelValueLength(200).withRejectOldSamples(false).withRejectOldSamplesMaxAge(Duration.ofDays(14))
                    .withCreationGracePeriod(Duration.ofMinutes(5)).withMaxGlobalStreamsPerUser(0)
                    .withPerStreamRateLimit(5 * 1_048_576).withPerStreamRateLimitBurst(20 * 1_048_576)
                    .withMaxEntriesLimitPerQuery(10_000).withMaxQuerySeries(1000).withMaxQueryLength(Duration.ZERO),
                    c.limits());
        }

        @Test
        void keysLeftOutKeepTheirDefaults() throws Exception {
            SigynConfig c = loadFile("server:\n  http_listen_port: 8080\n").config();
            assertEquals(8080, c.server().httpListenPort());
            assertEquals("info", c.server().logLevel());
            assertEquals(SigynConfig.defaults().limits(), c.limits());
        }

        @Test
        void emptyKeyOrBlockKeepsTheDefault() throws Exception {
            SigynConfig c = loadFile("server:\n  http_listen_port:\nlimits_config:\n").config();
            assertEquals(SigynConfig.defaults(), c);
        }

        @Test
        void missingFileIsAnError() {
            var e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(new String[] {"-config.file=" + dir.resolve("nope.yaml")}));
            assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
        }

        @Test
        void brokenYamlIsAnErrorWithItsLine() {
            var e = fileError("server:\n  http_listen_port: 3100\n bad: [\n");
            assertTrue(e.getMessage().contains("invalid YAML"), e.getMessage());
            assertTrue(e.getMessage().contains("line"), e.getMessage());
        }

        @Test
        void duplicateKeysAreAnError() {
            var e = fileError("server:\n  http_listen_port: 3100\n  http_listen_port: 3200\n");
            assertTrue(e.getMessage().contains("http_listen_port"), e.getMessage());
        }
    }

    @Nested
    class Flags {
        @Test
        void flagsOverrideTheFile() throws Exception {
            SigynConfig c = loadFile("server:\n  http_listen_port: 8080\n  log_level: warn\n",
                    "-server.http-listen-port=9090").config();
            assertEquals(9090, c.server().httpListenPort());
            assertEquals("warn", c.server().logLevel());
        }

        @Test
        void flagsOverrideTheFileWhateverTheirPosition() throws Exception {
            Path f = file("limits_config:\n  max_query_series: 10\n");
            SigynConfig c = ConfigLoader.load(
                    new String[] {"-querier.max-query-series=20", "-config.file", f.toString()}).config();
            assertEquals(20, c.limits().maxQuerySeries());
        }

        @Test
        void acceptsTheFourFlagForms() throws Exception {
            SigynConfig c = ConfigLoader.load(new String[] {
                    "-server.http-listen-port=4000",
                    "--log.level=error",
                    "-common.path-prefix", "/srv/sigyn",
                    "-auth.enabled",
                    "-validation.reject-old-samples=false",
            }).config();
            assertEquals(4000, c.server().httpListenPort());
            assertEquals("error", c.server().logLevel());
            assertEquals("/srv/sigyn", c.common().pathPrefix());
            assertTrue(c.authEnabled());
            assertFalse(c.limits().rejectOldSamples());
        }

        @Test
        void usesLokisFlagNames() throws Exception {
            SigynConfig c = ConfigLoader.load(new String[] {
                    "-target=querier",
                    "-server.http-listen-address=0.0.0.0",
                    "-common.storage.filesystem.chunk-directory=/c",
                    "-ingester.chunks-idle-period=1h",
                    "-ingester.chunks-block-size=128KB",
                    "-ingester.chunk-target-size=1MB",
                    "-ingester.max-chunk-age=3h",
                    "-ingester.flush-check-period=10s",
                    "-ingester.wal-dir=/w",
                    "-ingester.wal-enabled=false",
                    "-ingester.flush-on-shutdown=false",
                    "-distributor.ingestion-rate-limit-mb=8",
                    "-distributor.ingestion-burst-size-mb=16",
                    "-distributor.max-line-size=1MB",
                    "-validation.max-label-names-per-series=20",
                    "-validation.max-length-label-name=64",
                    "-validation.max-length-label-value=128",
                    "-validation.reject-old-samples.max-age=3d",
                    "-validation.create-grace-period=1m",
                    "-ingester.max-global-streams-per-user=100",
                    "-ingester.per-stream-rate-limit=1MB",
                    "-ingester.per-stream-rate-limit-burst=2MB",
                    "-validation.max-entries-limit=50",
                    "-store.max-query-length=24h",
            }).config();
            assertEquals("querier", c.target());
            assertEquals("0.0.0.0", c.server().httpListenAddress());
            assertEquals("/c", c.chunksDirectory());
            assertEquals(new IngesterConfig(Duration.ofHours(1), Duration.ofHours(3), 1_048_576, 131_072,
                    Duration.ofSeconds(10), "/w", false, false, IngesterConfig.defaults().maxUnflushedBytes()),
                    c.ingester());
            assertEquals(LimitsConfig.defaults().withIngestionRateMb(8).withIngestionBurstSizeMb(16)
                    .withMaxLineSize(1_048_576).withMaxLabelNamesPerSeries(20).withMaxLabelNameLength(64)
                    .withMaxLabelValueLength(128).withRejectOldSamplesMaxAge(Duration.ofDays(3))
                    .withCreationGracePeriod(Duration.ofMinutes(1)).withMaxGlobalStreamsPerUser(100)
                    .withPerStreamRateLimit(1_048_576).withPerStreamRateLimitBurst(2_097_152)
                    .withMaxEntriesLimitPerQuery(50).withMaxQueryLength(Duration.ofHours(24)), c.limits());
        }

        @Test
        void unknownFlagIsNamed() {
            var e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(new String[] {"-server.http-listen-prot=3100"}));
            assertTrue(e.getMessage().contains("-server.http-listen-prot"), e.getMessage());
            assertTrue(e.getMessage().contains("did you mean -server.http-listen-port"), e.getMessage());
        }

        @Test
        void lokiFlagSigynLacksIsNotMistakenForASimilarOne() {
            var e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(new String[] {"-server.grpc-max-concurrent-streams=100"}));
            assertTrue(e.getMessage().contains("unknown flag -server.grpc-max-concurrent-streams"), e.getMessage());
            assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        }

        @Test
        void flagWithoutItsValueIsAnError() {
            var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {"-log.level"}));
            assertTrue(e.getMessage().contains("-log.level"), e.getMessage());
        }

        @Test
        void badFlagValueNamesFlagAndValue() {
            var e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(new String[] {"-server.http-listen-port=http"}));
            assertTrue(e.getMessage().contains("-server.http-listen-port"), e.getMessage());
            assertTrue(e.getMessage().contains("\"http\""), e.getMessage());
        }

        @Test
        void strayArgumentIsAnError() {
            var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {"config.yaml"}));
            assertTrue(e.getMessage().contains("config.yaml"), e.getMessage());
        }
    }

    @Nested
    class EnvironmentExpansion {
        private final Map<String, String> env = Map.of("PORT", "4100", "PREFIX", "/data/sigyn", "EMPTY", "");

        private SigynConfig load(String yaml, boolean expand) throws Exception {
            return ConfigLoader.load(new String[] {"-config.file=" + file(yaml), "-config.expand-env=" + expand},
                    env::get).config();
        }

        @Test
        void replacesVariablesWhenAskedTo() throws Exception {
            SigynConfig c = load("server:\n  http_listen_port: ${PORT}\ncommon:\n  path_prefix: ${PREFIX}/x\n", true);
            assertEquals(4100, c.server().httpListenPort());
            assertEquals("/data/sigyn/x", c.common().pathPrefix());
        }

        @Test
        void usesTheDefaultWhenTheVariableIsUnsetOrEmpty() throws Exception {
            SigynConfig c = load("server:\n  http_listen_port: ${NOPE:-3200}\n  log_level: ${EMPTY:-warn}\n", true);
            assertEquals(3200, c.server().httpListenPort());
            assertEquals("warn", c.server().logLevel());
        }

        @Test
        void unsetVariableWithoutDefaultBecomesEmpty() throws Exception {
            assertEquals("", load("common:\n  path_prefix: \"${NOPE}\"\n", true).common().pathPrefix());
        }

        @Test
        void requiredVariableThatIsUnsetStopsStartUp() {
            var e = assertThrows(ConfigException.class,
                    () -> load("common:\n  path_prefix: ${DATA_DIR:?set DATA_DIR}\n", true));
            assertTrue(e.getMessage().contains("DATA_DIR"), e.getMessage());
        }

        @Test
        void leavesReferencesAloneWithoutTheFlag() throws Exception {
            assertEquals("${PREFIX}", load("common:\n  path_prefix: ${PREFIX}\n", false).common().pathPrefix());
        }

        @Test
        void bareExpandEnvFlagTurnsExpansionOn() throws Exception {
            SigynConfig c = ConfigLoader.load(new String[] {"-config.expand-env", "-config.file",
                    file("server:\n  http_listen_port: ${PORT}\n").toString()}, env::get).config();
            assertEquals(4100, c.server().httpListenPort());
        }
    }

    @Nested
    class LokiKeysSigynDoesNotUse {
        @Test
        void areAcceptedWithAWarningNamingTheFullPath() throws Exception {
            var loaded = loadFile("""
                    server:
                      http_listen_port: 3100
                      log_format: json
                    common:
                      replication_factor: 1
                      ring:
                        kvstore:
                          store: inmemory
                      storage:
                        gcs:
                          bucket_name: logs
                        filesystem:
                          rules_directory: /loki/rules
                    ingester:
                      lifecycler:
                        address: 127.0.0.1
                    limits_config:
                      per_tenant_override_config: /etc/overrides.yaml
                    compactor:
                      delete_request_store: filesystem
                      working_directory: /loki/compactor
                    """);
            assertEquals(SigynConfig.defaults(), loaded.config());
            assertEquals(List.of("server.log_format", "common.replication_factor", "common.ring", "common.storage.gcs",
                            "common.storage.filesystem.rules_directory", "ingester.lifecycler",
                            "limits_config.per_tenant_override_config", "compactor.delete_request_store",
                            "compactor.working_directory"),
                    loaded.warnings().stream().map(w -> w.substring(0, w.indexOf(' '))).toList());
            assertTrue(loaded.warnings().getFirst().contains("not use"), loaded.warnings().getFirst());
        }

        @Test
        void wholeLokiBlocksGiveOneWarningEach() throws Exception {
            var loaded = loadFile("""
                    schema_config:
                      configs:
                        - from: 2020-10-24
                          store: tsdb
                          object_store: filesystem
                          schema: v13
                          index:
                            prefix: index_
                            period: 24h
                    ruler:
                      alertmanager_url: http://localhost:9093
                    analytics:
                      reporting_enabled: false
                    table_manager:
                      retention_deletes_enabled: false
                    """);
            assertEquals(4, loaded.warnings().size(), loaded.warnings().toString());
            assertTrue(loaded.warnings().get(0).startsWith("schema_config "), loaded.warnings().get(0));
            assertTrue(loaded.warnings().get(3).startsWith("table_manager "), loaded.warnings().get(3));
        }
    }

    @Nested
    class Typos {
        @Test
        void unknownKeyStopsStartUpNamingItsPathAndTheClosestKey() {
            var e = fileError("limits_config:\n  ingestion_rate_mbb: 4\n");
            assertTrue(e.getMessage().contains("limits_config.ingestion_rate_mbb"), e.getMessage());
            assertTrue(e.getMessage().contains("did you mean limits_config.ingestion_rate_mb?"), e.getMessage());
        }

        @Test
        void topLevelTypoIsCaught() {
            var e = fileError("auth_enable: false\n");
            assertTrue(e.getMessage().contains("unknown key auth_enable "), e.getMessage());
            assertTrue(e.getMessage().contains("did you mean auth_enabled?"), e.getMessage());
        }

        @Test
        void typoOfAnUnusedLokiKeyStillSuggestsIt() {
            var e = fileError("server:\n  grpc_listen_prot: 9096\n");
            assertTrue(e.getMessage().contains("did you mean server.grpc_listen_port?"), e.getMessage());
        }

        @Test
        void keyInTheWrongBlockPointsToTheRightOne() {
            var e = fileError("http_listen_port: 3100\n");
            assertTrue(e.getMessage().contains("did you mean server.http_listen_port?"), e.getMessage());
        }

        @Test
        void unrelatedKeyGetsNoSuggestion() {
            var e = fileError("limits_config:\n  completely_made_up: 1\n");
            assertTrue(e.getMessage().contains("limits_config.completely_made_up"), e.getMessage());
            assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        }

        @Test
        void everyProblemOfTheFileIsReportedAtOnce() {
            var e = fileError("auth_enable: false\nserver:\n  http_listen_port: x\n");
            assertTrue(e.getMessage().contains("auth_enable"), e.getMessage());
            assertTrue(e.getMessage().contains("server.http_listen_port"), e.getMessage());
        }
    }

    @Nested
    class BadValues {
        @Test
        void wrongTypeNamesKeyAndValue() {
            var e = fileError("server:\n  http_listen_port: abc\n");
            assertTrue(e.getMessage().contains("server.http_listen_port"), e.getMessage());
            assertTrue(e.getMessage().contains("\"abc\""), e.getMessage());
        }

        @Test
        void blockWhereAValueBelongsIsAnError() {
            var e = fileError("limits_config:\n  max_line_size:\n    - 1\n");
            assertTrue(e.getMessage().contains("limits_config.max_line_size"), e.getMessage());
            assertTrue(e.getMessage().contains("list"), e.getMessage());
        }

        @Test
        void valueWhereABlockBelongsIsAnError() {
            var e = fileError("server: 3100\n");
            assertTrue(e.getMessage().contains("server"), e.getMessage());
            assertTrue(e.getMessage().contains("\"3100\""), e.getMessage());
        }

        @Test
        void negativeSizeIsRejected() {
            var e = fileError("limits_config:\n  max_line_size: -1\n");
            assertTrue(e.getMessage().contains("limits_config.max_line_size"), e.getMessage());
            assertTrue(e.getMessage().contains("negative"), e.getMessage());
        }

        @Test
        void negativeCountIsRejected() {
            var e = fileError("limits_config:\n  max_query_series: -5\n");
            assertTrue(e.getMessage().contains("negative"), e.getMessage());
        }

        @Test
        void portOutOfRangeIsRejected() {
            var e = fileError("server:\n  http_listen_port: 70000\n");
            assertTrue(e.getMessage().contains("server.http_listen_port"), e.getMessage());
            assertTrue(e.getMessage().contains("65535"), e.getMessage());
        }

        @Test
        void unknownTargetIsRejectedAndOthersAccepted() throws Exception {
            var e = fileError("target: everything\n");
            assertTrue(e.getMessage().contains("\"everything\""), e.getMessage());
            assertTrue(e.getMessage().contains("query-frontend"), e.getMessage());
            for (String target : Settings.TARGETS) {
                assertEquals(target, loadFile("target: " + target + "\n").config().target());
            }
            SigynConfig several = loadFile("target: distributor,querier\n").config();
            assertEquals(List.of("distributor", "querier"), several.components());
            assertTrue(several.runs("querier") && !several.runs("ingester"));
            var repeated = fileError("target: querier,querier\n");
            assertTrue(repeated.getMessage().contains("comma-separated"), repeated.getMessage());
            var all = fileError("target: all,querier\n");
            assertTrue(all.getMessage().contains("target"), all.getMessage());
        }

        @Test
        void unknownLogLevelIsRejected() {
            var e = fileError("server:\n  log_level: verbose\n");
            assertTrue(e.getMessage().contains("server.log_level"), e.getMessage());
        }

        @Test
        void durationWithoutUnitIsRejected() {
            var e = fileError("ingester:\n  max_chunk_age: 7200\n");
            assertTrue(e.getMessage().contains("ingester.max_chunk_age"), e.getMessage());
            assertTrue(e.getMessage().contains("\"7200\""), e.getMessage());
        }

        @Test
        void notABooleanIsRejected() {
            var e = fileError("auth_enabled: maybe\n");
            assertTrue(e.getMessage().contains("auth_enabled"), e.getMessage());
            assertTrue(e.getMessage().contains("\"maybe\""), e.getMessage());
        }
    }
}

package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigYamlTest {
    @TempDir
    Path dir;

    private ConfigLoader.LoadedConfig reload(String yaml) throws Exception {
        Path f = dir.resolve("printed.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(new String[] {"-config.file=" + f}, name -> null);
    }

    @Test
    void printsLokisKeyNamesAndValueFormats() {
        String yaml = ConfigYaml.toYaml(SigynConfig.defaults());
        for (String line : List.of("target: all", "auth_enabled: false", "server:", "  http_listen_port: 3100",
                "common:", "  path_prefix: data", "ingester:", "  chunk_idle_period: 30m0s",
                "  max_chunk_age: 2h0m0s", "  flush_check_period: 30s", "  chunk_target_size: 1572864", "  wal:",
                "    flush_on_shutdown: true", "limits_config:", "  ingestion_rate_mb: 4", "  max_line_size: 256KB",
                "  per_stream_rate_limit: 3MB", "  reject_old_samples_max_age: 1w", "  max_query_length: 30d1h")) {
            assertTrue(yaml.lines().anyMatch(line::equals), "missing line '" + line + "' in:\n" + yaml);
        }
    }

    @Test
    void defaultsSurviveARoundTrip() throws Exception {
        var loaded = reload(ConfigYaml.toYaml(SigynConfig.defaults()));
        assertEquals(SigynConfig.defaults(), loaded.config());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void everySettingSurvivesARoundTripWithAnUnusualValue() throws Exception {
        SigynConfig unusual = new SigynConfig("distributor, query-frontend", true,
                new ServerConfig("::1", 0, "debug", Duration.ofSeconds(31), Duration.ofMinutes(3), Duration.ZERO,
                        Duration.ofMillis(2500), new ServerTlsConfig(
                                new TlsConfig("/tls/http.crt", "/tls/http.key", "RequireAndVerifyClientCert",
                                        "/tls/clients.pem"),
                                new TlsConfig("/tls/grpc.crt", "/tls/grpc.key", "VerifyClientCertIfGiven",
                                        "/tls/cluster-ca.pem"),
                                "VersionTLS13", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
                new CommonConfig("true", new CommonConfig.StorageConfig(
                        new CommonConfig.FilesystemConfig("a path: with colon #and hash"),
                        new CommonConfig.S3Config("s3://key@eu-west-1/b", "minio:9000", "sigyn-chunks", "AKID",
                                // secrets print masked, so only the mask itself comes back unchanged
                                Secrets.MASK, "eu-west-1", true, true,
                                new CommonConfig.SseConfig("SSE-KMS", "alias/logs", "{\"team\": \"logs\"}"), true,
                                "/etc/s3-ca.pem"),
                        new EncryptionConfig("/etc/sigyn/kek", "SIGYN_KEK", List.of("/etc/sigyn/kek.1", "/a b"), true))),
                new DistributorConfig(1 << 20, 3L << 30),
                new IngesterConfig(Duration.ofMillis(1500), Duration.ofNanos(1), 1_000_001, 0,
                        Duration.ofHours(49).plusSeconds(1), "'quoted' \"dir\"", false, false, 3L << 20),
                new LimitsConfig(0.25, 1e-4, 1000, 0, 1, 2, false, Duration.ofNanos(1_500_000_001L),
                        Duration.ofDays(400), 1, 1536, 3L << 30, 7, 8, Duration.ofMillis(1),
                        Duration.ofSeconds(90), Duration.ofMinutes(15), 3, Duration.ofDays(31),
                        List.of(new RetentionStream("{namespace=\"dev\"}", 2, Duration.ofHours(24)),
                                new RetentionStream("{app=~\"a|b\"}", 1, Duration.ofDays(14))),
                        7, List.of("svc", "app"), false, false, 1024, 9, 5L << 20,
                        List.of(RedactionRule.builtin("payment_card"),
                                RedactionRule.builtin("email").withAction(RedactionRule.Action.HASH).withLabels(true),
                                RedactionRule.pattern("order_id", "order-([0-9]{6})", "[ORDER:$1]")),
                        // secrets print masked, so only the mask itself comes back unchanged
                        Secrets.MASK),
                new QuerierConfig(Duration.ofMinutes(2), Duration.ofMinutes(90), 1234, true),
                new CompactorConfig(Duration.ofMinutes(1), true, Duration.ofMinutes(5),
                        Duration.ofHours(1)),
                new CacheConfig(7, 8, false, 9),
                new RuntimeConfig("/etc/sigyn/overrides.yaml", Duration.ofMillis(1500)),
                new KafkaConfig("k1:9093,k2:9093", "logs.v2", "edge", Duration.ofMillis(2500), Duration.ofMinutes(1),
                        2048, "ingest-a", false, 64, 2, Duration.ofSeconds(3), "sigyn", Secrets.MASK, "SCRAM-SHA-512",
                        true, "/etc/ca.pem", "/etc/c.pem", "/etc/k.pem"),
                new ClusterConfig(9111, "10.0.0.7"),
                new AuthConfig(
                        List.of(new AuthConfig.Credential("grafana",
                                "$2y$05$abcdefghijklmnopqrstuu5Vq8zOQ3n7uV1Ww2XhYBS8I7Xq3oE1e",
                                List.of(new AuthConfig.Grant("acme", List.of("read"), List.of("{namespace=\"shop\"}")),
                                        new AuthConfig.Grant("*", List.of("admin", "push"), List.of())))),
                        List.of(new AuthConfig.Credential("promtail", "sha256:" + "ab".repeat(32),
                                List.of(new AuthConfig.Grant("acme", List.of("push"), List.of())))),
                        new AuthConfig.Oidc("/etc/jwks.json", "https://idp/keys", "https://idp", "loki", "orgs",
                                "email", List.of("read", "push")),
                        "/var/log/audit.log", "json", 5L << 20, 3, true, List.of("/ready"), 20),
                new RulerConfig("local", "/etc/loki/rules: #1", false, Duration.ofSeconds(1),
                        Duration.ofMillis(1500)));
        for (Setting s : Settings.ALL) {
            assertNotEquals(s.read().apply(SigynConfig.defaults()), s.read().apply(unusual),
                    s.path() + " should differ from its default in this test");
        }
        String printed = ConfigYaml.toYaml(unusual);
        assertEquals(unusual, reload(printed).config(), printed);
    }
}

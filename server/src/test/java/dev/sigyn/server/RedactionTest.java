package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigyn.config.ConfigException;
import dev.sigyn.config.RedactionRule;
import dev.sigyn.config.RuntimeConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.store.FileSystemBlobStore;
import dev.sigyn.store.chunk.Chunk;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * limits_config.redaction on a real server: what is pushed is masked before the WAL, chunks or index see it, in lines,
 * structured metadata and (when asked) label values; hashes stay searchable; rules follow the runtime overrides file;
 * and the redactions are counted.
 */
class RedactionTest {
    private static final String CARD = "4111 1111 1111 1111";
    private static final String ORDER_ID = "4111111111111112"; // 16 digits failing Luhn
    private static final String EMAIL = "alice.smith@example.com";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLWFsaWNl";
    private static final String AWS = "AKIAIOSFODNN7EXAMPLE";
    private static final String PASSWORD = "hunter2-Correct-Horse";
    private static final String URL_PASSWORD = "pgS3cretPass";
    private static final String GITHUB = "ghp_" + "Zq9Xw8Vu7Ts6Rr5Qp4On3Ml2Kj1Ih0Gf9EdCb";
    private static final String SLACK = "xoxb-2400000000-abcdefghijkl";
    private static final String GCP = "AIzaSyD-abcdefghij_0123456789ABCDEFGHIJ";
    private static final String PEM_BODY = "MIIEowIBAAKCAQEAsecretkeymaterial";
    private static final String METADATA_EMAIL = "bob.jones@example.org";
    private static final String LABEL_EMAIL = "carol@example.net";
    private static final List<String> SECRETS = List.of(CARD, EMAIL, JWT, AWS, PASSWORD,
            URL_PASSWORD, GITHUB, SLACK, GCP, PEM_BODY, METADATA_EMAIL, LABEL_EMAIL);
    private static final Duration PERIOD = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static SigynConfig config(Path data, List<RedactionRule> rules) {
        SigynConfig c = TestServer.conformanceConfig(data);
        return c.withLimits(c.limits().withRedaction(rules)
                .withRedactionHashSecret("a-tenant-secret-of-32-bytes-long"));
    }

    /** The default rule set with e-mail also masked in label values. */
    private static List<RedactionRule> allWithEmailLabels() {
        return List.of(RedactionRule.builtin(RedactionRule.ALL), RedactionRule.builtin("email").withLabels(true));
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** Pushes lines to one stream as JSON; a line may carry structured metadata as {name, value, ...}. */
    private void push(String tenant, Map<String, String> labels, List<String> lines, String... metadata)
            throws Exception {
        ObjectNode body = Conformance.JSON.createObjectNode();
        ObjectNode stream = body.putArray("streams").addObject();
        ObjectNode l = stream.putObject("stream");
        labels.forEach(l::put);
        ArrayNode values = stream.putArray("values");
        long ts = now();
        for (String line : lines) {
            ArrayNode v = values.addArray().add(Long.toString(ts++)).add(line);
            if (metadata.length > 0) {
                ObjectNode md = v.addObject();
                for (int i = 0; i < metadata.length; i += 2) md.put(metadata[i], metadata[i + 1]);
            }
        }
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", tenant, Conformance.JSON.writeValueAsBytes(body),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    }

    /** The result streams of a log query over the last hour: labels (with structured metadata) and lines. */
    private JsonNode query(String tenant, String logql) throws Exception {
        long end = now() + 1_000_000_000L;
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?limit=1000&direction=forward&start="
                + (end - 3_600_000_000_000L) + "&end=" + end + "&query="
                + URLEncoder.encode(logql, StandardCharsets.UTF_8), tenant);
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return Conformance.JSON.readTree(r.body()).path("data").path("result");
    }

    private List<String> lines(String tenant, String logql) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode s : query(tenant, logql)) for (JsonNode v : s.get("values")) lines.add(v.get(1).asText());
        return lines;
    }

    private static final List<String> SECRET_LINES = List.of(
            "paid card=" + CARD + " for order " + ORDER_ID,
            "login " + EMAIL + " token " + JWT,
            "aws key " + AWS + " gcp " + GCP,
            "user=alice password=" + PASSWORD + " ok",
            "dsn postgres://app:" + URL_PASSWORD + "@db:5432/shop",
            "gh " + GITHUB + " slack " + SLACK,
            "key -----BEGIN RSA PRIVATE KEY-----\\n" + PEM_BODY + "\\n-----END RSA PRIVATE KEY-----");

    @Test
    void everyDetectorIsMaskedAndNearMissesStay() throws Exception {
        server = TestServer.start(config(dir.resolve("data"), allWithEmailLabels()));
        push("acme", Map.of("app", "web"), SECRET_LINES);
        push("acme", Map.of("app", "web"), List.of("order 4111111111111112 shipped to root@localhost at ts=1712345678901234567"));

        assertEquals(List.of(
                "paid card=[REDACTED:payment_card] for order " + ORDER_ID,
                "login [REDACTED:email] token [REDACTED:jwt]",
                "aws key [REDACTED:aws_key] gcp [REDACTED:gcp_key]",
                "user=alice password=[REDACTED:password_kv] ok",
                "dsn postgres://app:[REDACTED:url_password]@db:5432/shop",
                "gh [REDACTED:github_token] slack [REDACTED:slack_token]",
                "key [REDACTED:private_key]",
                "order 4111111111111112 shipped to root@localhost at ts=1712345678901234567"),
                lines("acme", "{app=\"web\"}"));
    }

    @Test
    void structuredMetadataIsRedactedAndLabelValuesOnlyWhenAsked() throws Exception {
        server = TestServer.start(config(dir.resolve("data"), List.of(RedactionRule.builtin("email").withLabels(true),
                RedactionRule.builtin("jwt"))));
        push("acme", Map.of("app", "web", "user", LABEL_EMAIL), List.of("hello"), "user_email", METADATA_EMAIL);
        push("acme", Map.of("app", "api", "session", JWT), List.of("no labels rule for jwt"));

        JsonNode web = query("acme", "{app=\"web\"}").get(0).get("stream");
        assertEquals("[REDACTED:email]", web.get("user").asText(), web.toString());
        assertEquals("[REDACTED:email]", web.get("user_email").asText(), web.toString());
        assertEquals(1, query("acme", "{user=\"[REDACTED:email]\"}").size());
        assertEquals(JWT, query("acme", "{app=\"api\"}").get(0).get("stream").get("session").asText(),
                "jwt has no labels: true, so label values keep it");
    }

    @Test
    void equalValuesHashEquallyAndALineFilterFindsThem() throws Exception {
        server = TestServer.start(config(dir.resolve("data"), List.of(
                RedactionRule.builtin("email").withAction(RedactionRule.Action.HASH))));
        push("acme", Map.of("app", "web"), List.of("login " + EMAIL, "logout " + EMAIL.toUpperCase()));
        push("acme", Map.of("app", "web"), List.of("retry " + EMAIL, "other " + METADATA_EMAIL));

        List<String> all = lines("acme", "{app=\"web\"}");
        Matcher m = java.util.regex.Pattern.compile("\\[HASH:email:[0-9a-f]{16}]").matcher(all.get(0));
        assertTrue(m.find(), all.toString());
        String hash = m.group();
        assertEquals(List.of("login " + hash, "retry " + hash), lines("acme", "{app=\"web\"} |= \"" + hash + "\""));
        assertEquals(4, all.size());
        assertTrue(all.stream().noneMatch(l -> l.contains("@")), all.toString());
        assertEquals(3, all.stream().map(l -> l.substring(l.indexOf('['))).distinct().count(),
                "different addresses (and cases) hash differently: " + all);
    }

    @Test
    void customPatternsReplaceWithCaptureGroupTemplates() throws Exception {
        server = TestServer.start(config(dir.resolve("data"), List.of(
                RedactionRule.pattern("order_id", "order-([0-9]{2})[0-9]{4}", "order-$1****"),
                RedactionRule.pattern("ssn", "\\b[0-9]{3}-[0-9]{2}-(?P<last>[0-9]{4})\\b", "***-**-${last}"),
                RedactionRule.pattern("internal", "host-[a-z]+\\.corp", ""))));
        push("acme", Map.of("app", "web"), List.of("order-123456 for 123-45-6789 on host-db.corp"));
        assertEquals(List.of("order-12**** for ***-**-6789 on [REDACTED:internal]"),
                lines("acme", "{app=\"web\"}"));
    }

    @Test
    void theRuntimeOverridesFileGivesEachTenantItsRulesAndAChangeAppliesToTheNextPush() throws Exception {
        Path overrides = dir.resolve("overrides.yaml");
        // The shape of the issue, as a tenant override.
        Files.writeString(overrides, """
                overrides:
                  acme:
                    redaction_hash_secret: another-secret-for-acme-only
                    redaction:
                      - builtin: payment_card
                      - builtin: email
                        action: hash
                      - name: order_id
                        pattern: 'order-[0-9]{6}'
                        replacement: '[ORDER]'
                """);
        SigynConfig c = TestServer.conformanceConfig(dir.resolve("data"));
        server = TestServer.start(c.withRuntimeConfig(new RuntimeConfig(overrides.toString(), PERIOD)));
        String line = "order-123456 paid with " + CARD + " by " + EMAIL;
        push("acme", Map.of("app", "web"), List.of(line));
        push("other", Map.of("app", "web"), List.of(line));
        assertTrue(lines("acme", "{app=\"web\"}").get(0)
                .matches("\\[ORDER] paid with \\[REDACTED:payment_card] by \\[HASH:email:[0-9a-f]{16}]"),
                lines("acme", "{app=\"web\"}").toString());
        assertEquals(List.of(line), lines("other", "{app=\"web\"}"), "tenants without rules keep their lines");

        Files.writeString(overrides, "overrides:\n  acme:\n    redaction:\n      - builtin: email\n");
        long deadline = System.nanoTime() + PERIOD.toNanos() + Duration.ofSeconds(3).toNanos();
        List<String> after;
        do {
            Thread.sleep(50);
            push("acme", Map.of("app", "next"), List.of(line));
            after = lines("acme", "{app=\"next\"}");
        } while (!after.get(after.size() - 1).contains("[REDACTED:email]") && System.nanoTime() < deadline);
        assertEquals("order-123456 paid with " + CARD + " by [REDACTED:email]", after.get(after.size() - 1));
    }

    @Test
    void aRuleThatCannotRunFailsStartUpAndAnOverridesFileWithOneIsNotApplied() throws Exception {
        ConfigException noSecret = assertThrows(ConfigException.class, () -> SigynServer.start(config(
                dir.resolve("a"), List.of(RedactionRule.builtin("email").withAction(RedactionRule.Action.HASH)))
                .withLimits(TestServer.conformanceConfig(dir).limits().withRedaction(List.of(
                        RedactionRule.builtin("email").withAction(RedactionRule.Action.HASH))))));
        assertEquals("limits_config.redaction[0] (email): action hash needs limits_config.redaction_hash_secret,"
                + " which is not set", noSecret.getMessage());

        Path overrides = dir.resolve("overrides.yaml");
        Files.writeString(overrides, "overrides:\n  acme:\n    redaction:\n      - name: broken\n        pattern: 'a(b'\n");
        SigynConfig c = TestServer.conformanceConfig(dir.resolve("b"))
                .withRuntimeConfig(new RuntimeConfig(overrides.toString(), PERIOD));
        ConfigException badPattern = assertThrows(ConfigException.class, () -> SigynServer.start(c));
        assertTrue(badPattern.getMessage().contains("overrides.acme: limits_config.redaction[0] (broken): invalid RE2"
                + " pattern: "), badPattern.getMessage());
    }

    @Test
    void redactionsAreCountedPerTenantAndRule() throws Exception {
        server = TestServer.start(config(dir.resolve("data"), allWithEmailLabels()));
        push("acme", Map.of("app", "web"), List.of("a " + EMAIL + " b " + METADATA_EMAIL, "c " + CARD));
        String metrics = new String(server.get("/metrics", "ops").body(), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("sigyn_distributor_redactions_total{rule=\"email\",tenant=\"acme\"} 2.0"), metrics);
        assertTrue(metrics.contains("sigyn_distributor_redactions_total{rule=\"payment_card\",tenant=\"acme\"} 1.0"),
                metrics);
        assertFalse(metrics.contains("redactions_total{rule=\"jwt\""), "rules that replaced nothing are not shown");
    }

    /**
     * The issue's check: no secret in the WAL, chunks or index when the data directory is searched byte for byte.
     * The same pushes without rules are the control: the search finds every secret there, so it can fail.
     */
    @Test
    void noSecretIsInTheWalChunksOrIndexWhileWithoutRulesTheSearchFindsThemAll() throws Exception {
        Path control = dir.resolve("control");
        server = TestServer.start(config(control, List.of()));
        pushEverySecret();
        List<String> foundWithout = secretsOnDisk(control);
        server.close();
        assertEquals(SECRETS, foundWithout, "without rules, the search finds every secret (else it proves nothing)");

        Path redacted = dir.resolve("redacted");
        server = TestServer.start(config(redacted, allWithEmailLabels()));
        pushEverySecret();
        assertEquals(List.of(), secretsOnDisk(redacted));
    }

    private void pushEverySecret() throws Exception {
        push("acme", Map.of("app", "web", "user", LABEL_EMAIL), SECRET_LINES, "user_email", METADATA_EMAIL);
        assertEquals(204, server.post("/flush", null, new byte[0], Map.of()).statusCode());
    }

    /**
     * The secrets found in any file of the data directory (the WAL's segments and checkpoints, the bucket's index
     * files), raw, and in every chunk object's decompressed lines and structured metadata.
     */
    private static List<String> secretsOnDisk(Path data) throws Exception {
        ByteArrayOutputStream everything = new ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.toString().contains("wal")), "no WAL file in " + files);
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".idx")), "no index file in " + files);
        for (Path f : files) everything.write(Files.readAllBytes(f));
        FileSystemBlobStore bucket = new FileSystemBlobStore(data.resolve("chunks"));
        List<String> chunks = bucket.list("chunks/");
        assertFalse(chunks.isEmpty(), "no chunk object was flushed");
        for (String key : chunks) {
            Chunk.decode(bucket.get(key)).scan(Long.MIN_VALUE, Long.MAX_VALUE, (ts, buf, off, len, md) -> {
                everything.write(buf, off, len);
                everything.writeBytes(md.toString().getBytes(StandardCharsets.UTF_8));
            });
        }
        String haystack = everything.toString(StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        for (String secret : SECRETS) if (haystack.contains(secret)) found.add(secret);
        return found;
    }
}

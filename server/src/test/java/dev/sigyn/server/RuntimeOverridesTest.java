package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.ConfigException;
import dev.sigyn.config.RuntimeConfig;
import dev.sigyn.config.SigynConfig;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runtime_config.file in a running server: a tenant's overrides apply to its pushes and queries, a changed file
 * applies within one runtime_config.period without a restart, and a broken one leaves the last good overrides.
 */
class RuntimeOverridesTest {
    private static final Duration PERIOD = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private Path overrides;
    private TestServer server;

    @BeforeEach
    void overridesFile() {
        overrides = dir.resolve("overrides.yaml");
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private SigynConfig config() {
        return TestServer.conformanceConfig(dir.resolve("data"))
                .withRuntimeConfig(new RuntimeConfig(overrides.toString(), PERIOD));
    }

    private int push(String tenant, String line) throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[[\""
                + System.currentTimeMillis() * 1_000_000L + "\",\"" + line + "\"]]}]}";
        return server.post("/loki/api/v1/push", tenant, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json")).statusCode();
    }

    private HttpResponse<byte[]> queryWithLimit(String tenant, int limit) throws Exception {
        return server.get("/loki/api/v1/query_range?limit=" + limit + "&query="
                + URLEncoder.encode("{app=\"web\"}", StandardCharsets.UTF_8), tenant);
    }

    private String tenantLimits(String tenant) throws Exception {
        return new String(server.get("/config/tenant/v1/limits", tenant).body(), StandardCharsets.UTF_8);
    }

    /** Waits up to one period plus the time a slow test machine may need; false when it never happened. */
    private static boolean within(Duration period, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + period.toNanos() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void aTenantsOverridesApplyToItsPushesAndQueriesOnly() throws Exception {
        Files.writeString(overrides, "overrides:\n  acme:\n    max_line_size: 10B\n"
                + "    max_entries_limit_per_query: 5\n");
        server = TestServer.start(config());

        assertEquals(400, push("acme", "a line longer than ten bytes"));
        assertEquals(204, push("other", "a line longer than ten bytes"));
        assertEquals(400, queryWithLimit("acme", 6).statusCode());
        assertEquals(200, queryWithLimit("other", 6).statusCode());
        assertTrue(tenantLimits("acme").contains("max_entries_limit_per_query: 5\n"), tenantLimits("acme"));
        assertTrue(tenantLimits("other").contains("max_entries_limit_per_query: 5000\n"), tenantLimits("other"));
    }

    @Test
    void aChangedFileAppliesWithinOnePeriodAndABrokenOneKeepsTheLastGood() throws Exception {
        Files.writeString(overrides, "overrides:\n  acme:\n    max_line_size: 10B\n");
        server = TestServer.start(config());
        assertEquals(400, push("acme", "twenty bytes of line"));

        Files.writeString(overrides, "overrides:\n  acme:\n    max_line_size: 30B\n");
        assertTrue(within(PERIOD, () -> call(() -> push("acme", "twenty bytes of line") == 204)),
                "the raised max_line_size applied");

        Files.writeString(overrides, "overrides:\n  acme:\n    max_line_size: 10B\n    max_lines_size: 1B\n");
        Thread.sleep(3 * PERIOD.toMillis());
        assertEquals(204, push("acme", "twenty bytes of line"), "the broken file is not applied");
        assertTrue(tenantLimits("acme").contains("max_line_size: 30B\n"), tenantLimits("acme"));

        Files.writeString(overrides, "overrides: {}\n");
        assertTrue(within(PERIOD, () -> call(() -> tenantLimits("acme").contains("max_line_size: 256KB\n"))),
                "without an override the tenant has limits_config again");
    }

    @Test
    void aBrokenFileFailsStartUpWithTheReason() throws Exception {
        Files.writeString(overrides, "overrides:\n  acme:\n    max_line_sise: 1KB\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SigynServer.start(config()));
        assertTrue(e.getMessage().contains("overrides.acme: unknown key limits_config.max_line_sise"
                + " (did you mean limits_config.max_line_size?)"), e.getMessage());
    }

    @Test
    void configShowsTheRuntimeConfigBlock() throws Exception {
        Files.writeString(overrides, "");
        server = TestServer.start(config());
        String shown = new String(server.get("/config", null).body(), StandardCharsets.UTF_8);
        assertTrue(shown.contains("runtime_config:\n  file: " + overrides + "\n  period: 200ms\n"), shown);
    }

    private interface Check {
        boolean run() throws Exception;
    }

    private static boolean call(Check check) {
        try {
            return check.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

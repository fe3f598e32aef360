package dev.sigyn.distributor;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.logql.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.sigyn.distributor.PushServer.NOW_NANOS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tenants, body size limits and the ingestion rate limit. */
class PushLimitsTest {
    private static final long RECENT = NOW_NANOS - Duration.ofMinutes(1).toNanos();
    private static final byte[] ONE_LINE = ProtoWriter.snappyPush(
            new ProtoWriter.Stream("{app=\"web\"}", List.of(new Entry(RECENT, "hello"))));
    private PushServer server;

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void withAuthEnabledAPushWithoutOrgIdIsUnauthorized() throws Exception {
        server = new PushServer(true, LimitsConfig.defaults(), BodyLimits.DEFAULTS);

        PushServer.Response r = server.post("/loki/api/v1/push", ONE_LINE, Map.of("Content-Type", "application/x-protobuf"));

        assertEquals(401, r.status());
        assertEquals("no org id\n", r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void whileTheIngesterRefusesPushesTheyAre503WithItsReasonAndNeverReachIt() throws Exception {
        server = new PushServer(false, LimitsConfig.defaults(), BodyLimits.DEFAULTS);
        server.pusher.refusal = "ingester unflushed data limit exceeded";

        PushServer.Response r = server.post("/loki/api/v1/push", ONE_LINE, Map.of("Content-Type", "application/x-protobuf"));

        assertEquals(503, r.status());
        assertEquals("ingester unflushed data limit exceeded\n", r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void withAuthEnabledTheOrgIdIsTheTenant() throws Exception {
        server = new PushServer(true, LimitsConfig.defaults(), BodyLimits.DEFAULTS);

        PushServer.Response r = server.post("/loki/api/v1/push", ONE_LINE,
                Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", "acme"));

        assertEquals(204, r.status(), r.body());
        assertEquals("acme", server.pusher.onlyCall().tenant());
    }

    @Test
    void withAuthEnabledAnUnsafeOrgIdIsRefused() throws Exception {
        server = new PushServer(true, LimitsConfig.defaults(), BodyLimits.DEFAULTS);

        PushServer.Response r = server.post("/loki/api/v1/push", ONE_LINE,
                Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", "../etc"));

        assertEquals(400, r.status());
        assertEquals("tenant ID '../etc' contains unsupported character '/'\n", r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void eachPushGetsItsTenantsLimitsAsTheyAreNow() throws Exception {
        AtomicReference<LimitsConfig> acme = new AtomicReference<>(LimitsConfig.defaults());
        server = new PushServer(true, tenant -> tenant.equals("acme") ? acme.get() : LimitsConfig.defaults(),
                BodyLimits.DEFAULTS);
        Map<String, String> asAcme = Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", "acme");
        Map<String, String> asOther = Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", "other");
        assertEquals(204, server.post("/loki/api/v1/push", ONE_LINE, asAcme).status());

        acme.set(LimitsConfig.defaults().withMaxLineSize(1));

        PushServer.Response refused = server.post("/loki/api/v1/push", ONE_LINE, asAcme);
        assertEquals(400, refused.status());
        assertTrue(refused.body().startsWith("max entry size '1' bytes exceeded"), refused.body());
        assertEquals(204, server.post("/loki/api/v1/push", ONE_LINE, asOther).status());
    }

    @Test
    void withAuthDisabledEveryPushBelongsToTheSingleTenant() throws Exception {
        server = new PushServer();

        server.post("/loki/api/v1/push", ONE_LINE, Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", "acme"));

        assertEquals("fake", server.pusher.onlyCall().tenant());
    }

    @Test
    void bodyLargerThanTheLimitIsRefusedAndTheConnectionStaysUsable() throws Exception {
        server = new PushServer(false, LimitsConfig.defaults(), new BodyLimits(1024, 1 << 20));
        byte[] big = new byte[4096];

        PushServer.Response r = server.post("/loki/api/v1/push", big, Map.of("Content-Type", "application/x-protobuf"));

        assertEquals(413, r.status());
        assertEquals("request body too large: message size too large than max (4096 vs 1024)\n", r.body());
        assertEquals(204, server.postProtobuf(ONE_LINE).status());
    }

    @Test
    void bodyThatInflatesPastTheLimitIsRefused() throws Exception {
        server = new PushServer(false, LimitsConfig.defaults(), new BodyLimits(1 << 20, 2048));
        String json = "{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[[\"" + RECENT + "\",\""
                + "x".repeat(10_000) + "\"]]}]}";

        PushServer.Response r = server.post("/loki/api/v1/push",
                PushFormatsTest.gzip(json.getBytes(StandardCharsets.UTF_8)),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));

        assertEquals(413, r.status());
        assertEquals("request body too large: decompressed message size too large than max (2049 vs 2048)\n", r.body());

        byte[] snappy = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\"}",
                List.of(new Entry(RECENT, "y".repeat(10_000)))));
        PushServer.Response proto = server.postProtobuf(snappy);
        assertEquals(413, proto.status());
        assertTrue(proto.body().startsWith("request body too large: decompressed message size too large than max ("),
                proto.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void pushOverTheIngestionRateIsRefusedWholeUntilTokensRefill() throws Exception {
        // 0.001 MiB/s = 1048 bytes/s, burst 0.002 MiB = 2097 bytes
        server = PushServer.withLimits(PushServer.limits(0.001, 0.002, 256 * 1024, 15, 1024, 2048));
        String line = "z".repeat(1500);
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\"}", List.of(new Entry(RECENT, line))));

        assertEquals(204, server.postProtobuf(body).status());
        PushServer.Response limited = server.postProtobuf(body);

        assertEquals(429, limited.status());
        assertEquals("ingestion rate limit exceeded for user fake (limit: 1048 bytes/sec) while attempting to ingest"
                + " '1' lines totaling '1500' bytes, reduce log volume or contact your Loki administrator to see if"
                + " the limit can be increased\n", limited.body());
        assertEquals(1, server.pusher.calls.size());
        assertEquals(1, server.counter("sigyn.distributor.discarded.lines", "reason", "rate_limited"));

        server.clock.advance(Duration.ofMillis(500)); // 597 + 524 tokens: still short of 1500
        assertEquals(429, server.postProtobuf(body).status());
        server.clock.advance(Duration.ofMillis(500)); // refusals took nothing: 597 + 1048 = 1645
        assertEquals(204, server.postProtobuf(body).status());
        assertEquals(2, server.pusher.calls.size());
    }

    @Test
    void eachOfTwoDistributorsAllowsHalfTheIngestionRateAndTheWholeBurst() throws Exception {
        // 0.001 MiB/s = 1048 bytes/s over the cluster: 524 bytes/s here; burst 0.002 MiB = 2097 bytes here
        server = new PushServer(false, TenantLimits.fixed(PushServer.limits(0.001, 0.002, 256 * 1024, 15, 1024, 2048)),
                BodyLimits.DEFAULTS, () -> 2);
        String line = "z".repeat(1500);
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\"}", List.of(new Entry(RECENT, line))));

        assertEquals(204, server.postProtobuf(body).status());
        PushServer.Response limited = server.postProtobuf(body);

        assertEquals(429, limited.status());
        assertEquals("ingestion rate limit exceeded for user fake (limit: 524 bytes/sec) while attempting to ingest"
                + " '1' lines totaling '1500' bytes, reduce log volume or contact your Loki administrator to see if"
                + " the limit can be increased\n", limited.body());
        server.clock.advance(Duration.ofSeconds(1)); // 597 + 524 tokens (a lone distributor would have 1645)
        assertEquals(429, server.postProtobuf(body).status());
        server.clock.advance(Duration.ofSeconds(1)); // 597 + 1048 = 1645
        assertEquals(204, server.postProtobuf(body).status());
        assertEquals(2, server.pusher.calls.size());
    }

    @Test
    void pushLargerThanTheBurstIsNeverAdmitted() throws Exception {
        server = PushServer.withLimits(PushServer.limits(0.001, 0.002, 256 * 1024, 15, 1024, 2048));
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\"}",
                List.of(new Entry(RECENT, "z".repeat(3000)))));

        assertEquals(429, server.postProtobuf(body).status());
        server.clock.advance(Duration.ofHours(1));
        assertEquals(429, server.postProtobuf(body).status());
    }
}

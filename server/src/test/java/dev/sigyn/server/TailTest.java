package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigyn.config.QuerierConfig;
import dev.sigyn.config.SigynConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live tail over WebSocket against a real Sigyn: what Grafana's "Live" button and logcli --tail see. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TailTest {
    private static final int TAIL_LIMIT = 2;
    @TempDir
    static Path dataDir;
    private TestServer server;
    private final Vertx vertx = Vertx.vertx();

    @BeforeAll
    void start() throws Exception {
        SigynConfig base = TestServer.conformanceConfig(dataDir);
        // The slow-client test pushes tens of MB at once: no ingestion rate limits in the way.
        server = TestServer.start(base.withLimits(base.limits().withMaxConcurrentTailRequests(TAIL_LIMIT)
                .withIngestionRateMb(1024).withIngestionBurstSizeMb(1024)
                .withPerStreamRateLimit(1L << 30).withPerStreamRateLimitBurst(1L << 30)));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void newMatchingLinesArriveWithinOneSecondOfTheirPush() throws Exception {
        String tenant = "tail-live";
        try (TailClient tail = TailClient.connect(vertx, server, tailUri("/loki/api/v1/tail",
                "{app=\"shop\"} |= \"order\""), tenant)) {
            long ts = nowNanos();
            push(tenant, Map.of("app", "shop"), List.of(line(ts, "order 1 placed"), line(ts + 1, "cart viewed"),
                    line(ts + 2, "order 2 shipped")));
            push(tenant, Map.of("app", "other"), List.of(line(ts + 3, "order 3 placed")));
            long acknowledged = System.nanoTime();

            List<String> lines = new ArrayList<>();
            long lastArrival = 0;
            while (lines.size() < 2) {
                TailClient.Frame frame = tail.next(Duration.ofSeconds(3));
                assertNotNull(frame, "no frame within 3 s; got " + lines);
                for (JsonNode stream : frame.json().get("streams")) {
                    assertEquals(Map.of("app", "shop"), Conformance.JSON.convertValue(stream.get("stream"), Map.class));
                    for (JsonNode value : stream.get("values")) {
                        assertEquals(2, value.size());
                        lines.add(value.get(1).asText());
                    }
                }
                assertFalse(frame.json().has("dropped_entries"));
                lastArrival = frame.receivedAtNanos();
            }
            assertEquals(List.of("order 1 placed", "order 2 shipped"), lines);
            long millis = (lastArrival - acknowledged) / 1_000_000;
            assertTrue(millis < 1000, "lines arrived " + millis + " ms after the push was acknowledged");
            assertEquals(null, tail.next(Duration.ofMillis(300)), "nothing else matches");
        }
    }

    @Test
    void theWholePipelineIsAppliedToLiveLines() throws Exception {
        String tenant = "tail-pipeline";
        try (TailClient tail = TailClient.connect(vertx, server, tailUri("/loki/api/v1/tail",
                "{app=\"api\"} | logfmt | level=\"error\" | line_format \"{{.msg}}\""), tenant)) {
            long ts = nowNanos();
            push(tenant, Map.of("app", "api"), List.of(line(ts, "level=info msg=fine"),
                    line(ts + 1, "level=error msg=boom")));
            TailClient.Frame frame = tail.next(Duration.ofSeconds(3));
            assertNotNull(frame);
            JsonNode stream = frame.json().get("streams").get(0);
            assertEquals(Map.of("app", "api", "level", "error", "msg", "boom"),
                    Conformance.JSON.convertValue(stream.get("stream"), Map.class));
            assertEquals(Long.toString(ts + 1), stream.get("values").get(0).get(0).asText());
            assertEquals("boom", stream.get("values").get(0).get(1).asText());
            assertEquals(1, frame.json().get("streams").size());
            assertEquals(1, stream.get("values").size());
        }
    }

    @Test
    void theLastLinesSinceStartComeFirstOldestFirst() throws Exception {
        String tenant = "tail-history";
        long ts = nowNanos() - 10_000_000_000L;
        List<List<String>> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) lines.add(line(ts + i * 1_000_000_000L, "past " + i));
        push(tenant, Map.of("app", "old"), lines);

        try (TailClient tail = TailClient.connect(vertx, server, tailUri("/loki/api/v1/tail", "{app=\"old\"}")
                + "&limit=3&start=" + (ts - 1), tenant)) {
            TailClient.Frame frame = tail.next(Duration.ofSeconds(5));
            assertNotNull(frame);
            List<String> received = new ArrayList<>();
            for (JsonNode value : frame.json().get("streams").get(0).get("values")) received.add(value.get(1).asText());
            assertEquals(List.of("past 3", "past 4", "past 5"), received);
        }
    }

    @Test
    void theLegacyPathSpeaksTheOlderFrameFormat() throws Exception {
        String tenant = "tail-legacy";
        try (TailClient tail = TailClient.connect(vertx, server, tailUri("/api/prom/tail", "{app=\"shop\"}"),
                tenant)) {
            long ts = 1_790_000_000_123_000_000L; // 2026-09-21T14:13:20.123Z, accepted: old samples are allowed
            push(tenant, Map.of("app", "shop"), List.of(line(ts, "legacy line")));
            TailClient.Frame frame = tail.next(Duration.ofSeconds(3));
            assertNotNull(frame);
            JsonNode stream = frame.json().get("streams").get(0);
            assertEquals("{app=\"shop\"}", stream.get("labels").asText());
            assertEquals("2026-09-21T14:13:20.123Z", stream.get("entries").get(0).get("ts").asText());
            assertEquals("legacy line", stream.get("entries").get(0).get("line").asText());
            assertTrue(frame.json().get("dropped_entries").isNull());
        }
    }

    @Test
    void eachTenantMayOnlyKeepSoManyTailsOpen() throws Exception {
        String tenant = "tail-limit";
        String uri = tailUri("/loki/api/v1/tail", "{app=\"x\"}");
        TailClient first = TailClient.connect(vertx, server, uri, tenant);
        try (TailClient second = TailClient.connect(vertx, server, uri, tenant);
             TailClient third = TailClient.connect(vertx, server, uri, tenant)) {
            TailClient.Closed closed = third.awaitClose(Duration.ofSeconds(5));
            assertEquals((short) 1011, closed.code());
            assertEquals("max concurrent tail requests limit exceeded, count > limit (3 > 2)", closed.reason());
            assertFalse(second.closed.isDone(), "tails within the limit stay open");

            try (TailClient otherTenant = TailClient.connect(vertx, server, uri, "tail-limit-other")) {
                assertEquals(null, otherTenant.next(Duration.ofMillis(300)));
                assertFalse(otherTenant.closed.isDone(), "the limit is per tenant");
            }

            first.close(); // frees a place
            assertTrue(staysOpen(uri, tenant), "a tail fits again once another one closed");
        } finally {
            first.close();
        }
    }

    @Test
    void aTailIsClosedAfterTheMaximumDuration(@TempDir Path otherDir) throws Exception {
        SigynConfig base = TestServer.conformanceConfig(otherDir);
        try (TestServer shortLived = TestServer.start(base.withQuerier(
                new QuerierConfig(base.querier().maxLookBackPeriod(), Duration.ofSeconds(1))));
             TailClient tail = TailClient.connect(vertx, shortLived, tailUri("/loki/api/v1/tail", "{app=\"x\"}"),
                     "tail-max")) {
            long opened = System.nanoTime();
            TailClient.Closed closed = tail.awaitClose(Duration.ofSeconds(5));
            assertEquals((short) 1011, closed.code());
            assertEquals("reached tail max duration limit", closed.reason());
            assertTrue(System.nanoTime() - opened >= 900_000_000L, "not before tail_max_duration");
        }
    }

    @Test
    void invalidParametersAreRefusedBeforeTheUpgrade() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> TailClient.connect(vertx, server,
                tailUri("/loki/api/v1/tail", "{app=\"x\"}") + "&delay_for=6", "tail-bad"));
        assertEquals(400, assertInstanceOf(UpgradeRejectedException.class, e.getCause()).getStatus());
    }

    @Test
    void aClientThatFallsBehindIsToldWhichEntriesWereDropped() throws Exception {
        String tenant = "tail-slow";
        try (TailClient tail = TailClient.connect(vertx, server, tailUri("/loki/api/v1/tail", "{app=\"flood\"}"),
                tenant)) {
            tail.socket().pause(); // stops reading: the server's buffers fill up
            String padding = "x".repeat(100_000);
            Set<Long> pushed = new HashSet<>();
            long ts = nowNanos();
            for (int batch = 0; batch < 40; batch++) {
                List<List<String>> lines = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    long t = ts + batch * 10L + i;
                    pushed.add(t);
                    lines.add(line(t, "flood " + t + " " + padding));
                }
                push(tenant, Map.of("app", "flood"), lines);
            }
            Thread.sleep(1000); // a few drain ticks while the client reads nothing
            tail.socket().resume();

            Set<Long> delivered = new HashSet<>();
            Set<Long> dropped = new HashSet<>();
            boolean finalSeen = false;
            boolean finalPushed = false;
            long finalTs = ts + 1_000_000;
            while (!finalSeen) {
                TailClient.Frame frame = tail.next(Duration.ofSeconds(2));
                if (frame == null) {
                    assertFalse(finalPushed, "the last line never arrived");
                    // Caught up: a new line now gets through and carries the dropped entries if not sent yet.
                    push(tenant, Map.of("app", "flood"), List.of(line(finalTs, "final")));
                    finalPushed = true;
                    continue;
                }
                for (JsonNode stream : frame.json().get("streams")) {
                    for (JsonNode value : stream.get("values")) {
                        long t = Long.parseLong(value.get(0).asText());
                        if (t == finalTs) finalSeen = true;
                        else delivered.add(t);
                    }
                }
                if (frame.json().has("dropped_entries")) {
                    for (JsonNode d : frame.json().get("dropped_entries")) {
                        assertEquals(Map.of("app", "flood"), Conformance.JSON.convertValue(d.get("labels"), Map.class));
                        dropped.add(Long.parseLong(d.get("timestamp").asText()));
                    }
                }
            }
            assertFalse(dropped.isEmpty(), "a client that reads nothing falls behind; delivered " + delivered.size());
            assertFalse(delivered.isEmpty(), "what fit in the buffers was delivered");
            Set<Long> accounted = new HashSet<>(delivered);
            accounted.addAll(dropped);
            assertEquals(pushed, accounted, "every line is either delivered or reported as dropped");
            assertTrue(delivered.stream().noneMatch(dropped::contains));
        }
    }

    // ---- helpers ----

    /** Whether a new tail stays open; retried for a while, since the server sees a close a little later. */
    private boolean staysOpen(String uri, String tenant) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (TailClient tail = TailClient.connect(vertx, server, uri, tenant)) {
                Thread.sleep(300);
                if (!tail.closed.isDone()) return true;
            }
        }
        return false;
    }

    private static String tailUri(String path, String query) {
        return path + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private static List<String> line(long ts, String text) {
        return List.of(Long.toString(ts), text);
    }

    private void push(String tenant, Map<String, String> labels, List<List<String>> values) throws Exception {
        ObjectNode body = Conformance.JSON.createObjectNode();
        ObjectNode stream = body.putArray("streams").addObject();
        stream.set("stream", Conformance.JSON.valueToTree(labels));
        ArrayNode vs = stream.putArray("values");
        for (List<String> v : values) vs.add(Conformance.JSON.valueToTree(v));
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", tenant, Conformance.JSON.writeValueAsBytes(body),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
    }
}

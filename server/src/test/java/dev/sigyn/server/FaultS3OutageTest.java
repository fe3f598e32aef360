package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.Test;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sigyn while its S3 bucket is unreachable: pushes are still acknowledged (WAL and memory), flushes fail and are
 * retried, and once the bucket is back every acknowledged entry is in it, so that even a new Sigyn with an empty
 * data directory finds them. The unflushed backlog is bounded: past ingester.max_unflushed_bytes pushes get 503.
 */
class FaultS3OutageTest {
    private static final String TENANT = "fault";
    private static final int WORKERS = 4;
    private static final int MAX_PUSHES_PER_WORKER = 2000; // 4000 entries per stream: below the 5000 query limit

    @TempDir
    Path tmp;

    /** Short flush periods so that the periodic loop flushes (and fails, and retries) during the test. */
    private static SigynConfig config(S3TestProxy s3, Path dataDir, long maxUnflushedBytes) {
        SigynConfig base = TestServer.conformanceConfig(dataDir);
        return s3.configure(base.withIngester(base.ingester().withFlushCheckPeriod(Duration.ofMillis(200))
                .withChunkIdlePeriod(Duration.ofMillis(500)).withMaxChunkAge(Duration.ofSeconds(1))
                .withMaxUnflushedBytes(maxUnflushedBytes)));
    }

    @Test
    void everyAcknowledgedEntrySurvivesAnOutageOfTheBucketDuringAPushLoad() throws Exception {
        long t0 = System.nanoTime();
        try (S3TestProxy s3 = S3TestProxy.start(tmp.resolve("s3"))) {
            TestServer server = TestServer.start(config(s3, tmp.resolve("first"), 1L << 30));
            PushLoad load = new PushLoad(server);
            try {
                load.start();
                Thread.sleep(1000);

                s3.stop();
                load.phase = 1;
                Thread.sleep(500);
                long flushStart = System.nanoTime();
                HttpResponse<byte[]> failedFlush = server.post("/flush", null, new byte[0], Map.of());
                long flushMillis = (System.nanoTime() - flushStart) / 1_000_000;
                assertEquals(500, failedFlush.statusCode(), "a flush must fail while the bucket is down");
                String metrics = new String(server.get("/metrics", "ops").body());
                assertTrue(PrometheusText.value(metrics, "sigyn_ingester_flush_failures_total") > 0);
                assertTrue(PrometheusText.value(metrics, "sigyn_ingester_flush_failing_cycles") > 0);
                assertTrue(PrometheusText.value(metrics, "sigyn_ingester_unflushed_bytes") > 0);
                System.out.printf("failed flush answered in %d ms%n", flushMillis);

                s3.restart();
                load.phase = 2;
                Thread.sleep(1000);
            } finally {
                load.stop();
            }
            assertEquals(0, load.refused.get(), "pushes must be accepted while the bucket is down: " + load.firstError);
            for (int phase = 0; phase < 3; phase++) {
                assertTrue(load.ackedInPhase[phase].get() > 0, "no push acknowledged in phase " + phase);
            }
            // The flush loop retries by itself: once the bucket is back, everything due leaves memory.
            long recoveryStart = System.nanoTime();
            awaitNothingUnflushed(server);
            System.out.printf("the flush loop caught up %d ms after the load stopped%n",
                    (System.nanoTime() - recoveryStart) / 1_000_000);
            assertEquals(204, server.post("/flush", null, new byte[0], Map.of()).statusCode());
            assertEveryAcknowledgedEntryIsQueryable(server, load);
            server.close();

            // A new Sigyn, empty data directory: the bucket alone must hold everything that was acknowledged.
            try (TestServer fresh = TestServer.start(config(s3, tmp.resolve("second"), 1L << 30))) {
                assertEveryAcknowledgedEntryIsQueryable(fresh, load);
            }
            System.out.printf("fault test: %d entries acknowledged (%d during the outage) in %d ms%n",
                    load.acknowledged.size(), 2 * load.ackedInPhase[1].get(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Test
    void pushesGet503WhileTheBacklogIsFullAndAreAcceptedOnceFlushesSucceed() throws Exception {
        S3TestProxy s3 = S3TestProxy.notStarted(tmp.resolve("s3")); // the bucket is down from the start
        try (TestServer server = TestServer.start(config(s3, tmp.resolve("data"), 64 << 10))) {
            List<String> acknowledged = new ArrayList<>();
            HttpResponse<byte[]> refused = null;
            String pad = "x".repeat(1000);
            for (int i = 0; i < 200 && refused == null; i++) {
                List<String> lines = List.of(i + "-a " + pad, i + "-b " + pad, i + "-c " + pad, i + "-d " + pad);
                HttpResponse<byte[]> r = push(server, "backlog", i * 10L, lines);
                if (r.statusCode() == 204) acknowledged.addAll(lines);
                else refused = r;
            }
            assertTrue(refused != null, "the backlog was never full");
            assertEquals(503, refused.statusCode(), new String(refused.body()));
            String message = new String(refused.body(), StandardCharsets.UTF_8);
            assertTrue(message.startsWith("ingester unflushed data limit exceeded (limit: 64KB, unflushed: "), message);
            assertTrue(acknowledged.size() * 1000L >= 64 << 10, "refused before the limit: " + acknowledged.size());
            String metrics = new String(server.get("/metrics", "ops").body());
            assertTrue(PrometheusText.value(metrics, "sigyn_ingester_unflushed_bytes") >= 64 << 10);
            assertEquals(503, push(server, "backlog", 5_000, List.of("still refused")).statusCode());

            s3.restart();
            flushUntilItSucceeds(server);
            HttpResponse<byte[]> again = push(server, "backlog", 10_000, List.of("accepted again"));
            assertEquals(204, again.statusCode(), new String(again.body()));
            acknowledged.add("accepted again");
            assertEquals(new HashSet<>(acknowledged), new HashSet<>(queryLines(server, "{app=\"backlog\"}")));
        } finally {
            s3.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Pushes from several threads, one stream each, many small pushes, recording what was acknowledged. */
    private static final class PushLoad {
        final TestServer server;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger[] ackedInPhase = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        final AtomicInteger refused = new AtomicInteger();
        volatile String firstError;
        volatile int phase;
        volatile boolean stopping;
        final List<Thread> threads = new ArrayList<>();

        PushLoad(TestServer server) {
            this.server = server;
        }

        void start() {
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                Thread t = new Thread(() -> run(worker), "push-load-" + w);
                threads.add(t);
                t.start();
            }
        }

        private void run(int worker) {
            for (int n = 0; n < MAX_PUSHES_PER_WORKER && !stopping; n++) {
                List<String> lines = List.of("w" + worker + "-" + n + "-a", "w" + worker + "-" + n + "-b");
                int phaseAtSend = phase;
                try {
                    HttpResponse<byte[]> r = push(server, "load-" + worker, n * 2L, lines);
                    if (r.statusCode() == 204) {
                        acknowledged.addAll(lines);
                        ackedInPhase[Math.min(phaseAtSend, phase)].incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                        if (firstError == null) firstError = r.statusCode() + " " + new String(r.body());
                    }
                    Thread.sleep(10);
                } catch (Exception e) {
                    refused.incrementAndGet();
                    if (firstError == null) firstError = e.toString();
                }
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            for (Thread t : threads) t.join();
        }
    }

    /** A push of lines to {app=<app>} at base + offset nanoseconds, one nanosecond apart. */
    private static final long BASE_NANOS = System.currentTimeMillis() * 1_000_000L - 600_000_000_000L;

    private static HttpResponse<byte[]> push(TestServer server, String app, long offset, List<String> lines)
            throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) values.append(',');
            values.append("[\"").append(BASE_NANOS + offset + i).append("\",\"").append(lines.get(i)).append("\"]");
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"" + app + "\"},\"values\":[" + values + "]}]}";
        return server.post("/loki/api/v1/push", TENANT, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    private static void flushUntilItSucceeds(TestServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<byte[]> r = server.post("/flush", null, new byte[0], Map.of());
            if (r.statusCode() == 204) return;
            if (System.nanoTime() > deadline) throw new AssertionError("flush still failing: " + new String(r.body()));
            Thread.sleep(200);
        }
    }

    private static void awaitNothingUnflushed(TestServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            String metrics = new String(server.get("/metrics", "ops").body());
            if (PrometheusText.value(metrics, "sigyn_ingester_unflushed_bytes") == 0
                    && PrometheusText.value(metrics, "sigyn_ingester_flush_failing_cycles") == 0) return;
            if (System.nanoTime() > deadline) throw new AssertionError("the flush loop never caught up");
            Thread.sleep(100);
        }
    }

    private static void assertEveryAcknowledgedEntryIsQueryable(TestServer server, PushLoad load) throws Exception {
        Set<String> found = new HashSet<>();
        for (int w = 0; w < WORKERS; w++) {
            List<String> lines = queryLines(server, "{app=\"load-" + w + "\"}");
            assertEquals(lines.size(), new HashSet<>(lines).size(), "an entry came back twice");
            found.addAll(lines);
        }
        Set<String> missing = new HashSet<>(load.acknowledged);
        missing.removeAll(found);
        assertTrue(missing.isEmpty(), missing.size() + " acknowledged entries are lost, e.g. " + missing.stream().limit(5).toList());
    }

    private static List<String> queryLines(TestServer server, String selector) throws Exception {
        long start = BASE_NANOS - 3_600_000_000_000L;
        long end = System.currentTimeMillis() * 1_000_000L + 3_600_000_000_000L;
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?limit=5000&direction=forward&start=" + start
                + "&end=" + end + "&query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8), TENANT);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        List<String> lines = new ArrayList<>();
        for (JsonNode stream : Conformance.JSON.readTree(r.body()).path("data").path("result")) {
            for (JsonNode v : stream.path("values")) lines.add(v.get(1).asText());
        }
        return lines;
    }
}

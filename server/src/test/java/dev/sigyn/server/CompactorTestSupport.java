package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.FileSystemBlobStore;
import dev.sigyn.store.chunk.Chunk;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the compactor's end-to-end tests share: configuration, pushing, querying, and looking into the bucket. */
final class CompactorTestSupport {
    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;
    static final long DAY = 24 * HOUR;

    private CompactorTestSupport() {}

    /**
     * The conformance configuration (multi-tenant, old samples accepted) with retention on, chunks deleted without
     * delay, and no background pass during the test (the tests run passes through {@code POST /compactor/run}).
     */
    static SigynConfig config(Path dataDir, Duration cancelPeriod) {
        SigynConfig c = TestServer.conformanceConfig(dataDir);
        return c.withCompactor(c.compactor().withRetentionEnabled(true).withRetentionDeleteDelay(Duration.ZERO)
                .withCompactionInterval(Duration.ofHours(6)).withDeleteRequestCancelPeriod(cancelPeriod));
    }

    /** Starts a server and waits for the compactor's pass at start to finish, so that it cannot run mid-test. */
    static TestServer start(SigynConfig config) throws Exception {
        TestServer server = TestServer.start(config);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (passesRun(server) < 1) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the compactor's first pass did not finish");
            Thread.sleep(20);
        }
        return server;
    }

    private static double passesRun(TestServer server) throws Exception {
        double passes = 0;
        for (String line : new String(server.get("/metrics", "ops").body(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("sigyn_compactor_runs_total")) passes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return passes;
    }

    static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** Pushes lines (timestamp, text, timestamp, text, ...) to one stream as JSON. */
    static void push(TestServer server, String tenant, String labelsJson, Object... tsAndLines) throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < tsAndLines.length; i += 2) {
            if (i > 0) values.append(',');
            values.append("[\"").append(tsAndLines[i]).append("\",").append(Conformance.JSON.writeValueAsString(tsAndLines[i + 1])).append(']');
        }
        String body = "{\"streams\":[{\"stream\":" + labelsJson + ",\"values\":[" + values + "]}]}";
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", tenant, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> "push failed: " + new String(r.body()));
    }

    static void flush(TestServer server) throws Exception {
        assertEquals(204, server.post("/flush", null, new byte[0], Map.of()).statusCode());
    }

    /** Runs a compaction pass now and returns its summary. */
    static JsonNode compact(TestServer server) throws Exception {
        HttpResponse<byte[]> r = server.post("/compactor/run", null, new byte[0], Map.of());
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        return Conformance.JSON.readTree(r.body());
    }

    /** The lines a log query returns over [start, end), oldest first. */
    static List<String> lines(TestServer server, String tenant, String query, long startNanos, long endNanos) throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?query=" + enc(query) + "&start=" + startNanos
                + "&end=" + endNanos + "&limit=5000&direction=forward", tenant);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        List<long[]> order = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (JsonNode stream : Conformance.JSON.readTree(r.body()).path("data").path("result")) {
            for (JsonNode v : stream.get("values")) {
                order.add(new long[]{Long.parseLong(v.get(0).asText()), lines.size()});
                lines.add(v.get(1).asText());
            }
        }
        order.sort((a, b) -> Long.compare(a[0], b[0]));
        List<String> sorted = new ArrayList<>();
        for (long[] o : order) sorted.add(lines.get((int) o[1]));
        return sorted;
    }

    /** The single value of an instant metric query (0 when the result is empty). */
    static double instant(TestServer server, String tenant, String query, long timeNanos) throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query?query=" + enc(query) + "&time=" + timeNanos, tenant);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        JsonNode result = Conformance.JSON.readTree(r.body()).path("data").path("result");
        double sum = 0;
        for (JsonNode sample : result) sum += Double.parseDouble(sample.get("value").get(1).asText());
        return sum;
    }

    /** Every line of every chunk object of the tenant in the filesystem bucket, indexed or not. */
    static List<String> linesInChunkObjects(Path dataDir, String tenant) throws Exception {
        return linesInChunkObjects(new FileSystemBlobStore(dataDir.resolve("chunks")), tenant);
    }

    /** Every line of every chunk object of the tenant in the bucket, indexed or not. */
    static List<String> linesInChunkObjects(BlobStore bucket, String tenant) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String key : bucket.list("chunks/" + tenant + "/")) {
            Chunk.decode(bucket.get(key)).scan(Long.MIN_VALUE, Long.MAX_VALUE,
                    (ts, buf, off, len, md) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        }
        return lines;
    }

    static List<String> keys(Path dataDir, String prefix) throws Exception {
        return new FileSystemBlobStore(dataDir.resolve("chunks")).list(prefix);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

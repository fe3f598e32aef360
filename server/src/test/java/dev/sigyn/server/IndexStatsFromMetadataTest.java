package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * index/stats and index/volume on the conformance dataset, part of it flushed to the object store and part still in
 * the ingester: they give the entries and line bytes that reading the lines gives, without fetching a chunk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexStatsFromMetadataTest {
    /** Around the dataset (2026-11-01 00:00 to 02:00 UTC), so that every chunk lies wholly inside. */
    private static final String START = "2026-10-31T23:00:00Z", END = "2026-11-01T03:00:00Z";
    private static final String ALL = "{app=~\".+\"}";

    @TempDir
    static Path dataDir;
    private TestServer server;

    @BeforeAll
    void pushFlushingNowAndThen() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
        int[] batches = {0};
        ConformanceTest.push(server, Conformance.resource("dataset.json"), () -> {
            if (++batches[0] % 3 == 0) assertEquals(204, server.post("/flush", null, new byte[0], Map.of()).statusCode());
        });
        // One more acme stream after the last flush, so that acme's answer needs the ingester too.
        String late = "{\"streams\":[{\"stream\":{\"app\":\"late\"},\"values\":[[\"1793494800000000000\",\"not flushed yet ✓\"]]}]}";
        assertEquals(204, server.post("/loki/api/v1/push", "acme", late.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json")).statusCode());
        assertTrue(unflushedBytes() > 0, "some data must stay in the ingester");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void statsAndVolumeMatchTheLinesWithoutReadingAChunk() throws Exception {
        double chunkReadsBefore = chunkReads();
        JsonNode stats = json(get("/loki/api/v1/index/stats", "query", ALL, "start", START, "end", END));
        JsonNode volume = json(get("/loki/api/v1/index/volume", "query", ALL, "start", START, "end", END)).get("data");
        assertEquals(chunkReadsBefore, chunkReads(), "index/stats and index/volume fetched a chunk");

        Map<String, Long> bytesRead = perApp(query("sum by (app) (bytes_over_time(" + ALL + "[4h]))"));
        long entriesRead = perApp(query("sum by (app) (count_over_time(" + ALL + "[4h]))")).values().stream()
                .mapToLong(Long::longValue).sum();
        assertTrue(chunkReads() > chunkReadsBefore, "the line queries read the flushed chunks");

        assertEquals(bytesRead, perApp(volume));
        assertEquals(entriesRead, stats.get("entries").asLong());
        assertEquals(bytesRead.values().stream().mapToLong(Long::longValue).sum(), stats.get("bytes").asLong());
        assertEquals(13, stats.get("streams").asLong(), "acme's streams");
        assertEquals("not flushed yet ✓".getBytes(StandardCharsets.UTF_8).length, bytesRead.get("late"));
    }

    private JsonNode query(String logql) throws Exception {
        return json(get("/loki/api/v1/query", "query", logql, "time", END)).get("data");
    }

    /** app → value of a vector answer. */
    private static Map<String, Long> perApp(JsonNode data) {
        Map<String, Long> out = new HashMap<>();
        for (JsonNode r : data.get("result")) out.put(r.get("metric").get("app").asText(), r.get("value").get(1).asLong());
        return out;
    }

    private HttpResponse<byte[]> get(String path, String... namesAndValues) throws Exception {
        StringBuilder uri = new StringBuilder(path);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            uri.append(i == 0 ? '?' : '&').append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return server.get(uri.toString(), "acme");
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return Conformance.JSON.readTree(r.body());
    }

    private double chunkReads() throws Exception {
        String metrics = new String(server.get("/metrics", "ops").body(), StandardCharsets.UTF_8);
        return PrometheusText.value(metrics, "sigyn_store_fetch_duration_seconds_count", "object", "chunk");
    }

    private double unflushedBytes() throws Exception {
        String metrics = new String(server.get("/metrics", "ops").body(), StandardCharsets.UTF_8);
        return PrometheusText.value(metrics, "sigyn_ingester_unflushed_bytes");
    }
}

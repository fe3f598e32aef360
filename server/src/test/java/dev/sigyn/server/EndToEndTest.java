package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Promtail/Fluent Bit/Grafana user sees of a running single binary: push, query, tenants, operations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
    private static final long T0 = 1_793_491_200_000_000_000L; // 2026-11-01T00:00:00Z

    @TempDir
    static Path dataDir;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.conformanceConfig(dataDir));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void promtailProtobufSnappyPushIsQueryableWithStructuredMetadataKept() throws Exception {
        byte[] body = Snappy.compress(protobufPush("{job=\"promtail\", host=\"a\"}",
                List.of(new long[]{T0 + 1_000, 0}, new long[]{T0 + 2_000, 1}), "trace_id", "abc"));
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", "proto", body,
                Map.of("Content-Type", "application/x-protobuf"));
        assertEquals(204, r.statusCode(), () -> new String(r.body()));

        JsonNode streams = queryRange("proto", "{job=\"promtail\"}", "forward");
        assertEquals(1, streams.size());
        assertEquals("a", streams.get(0).get("stream").get("host").asText());
        assertEquals("line 0", streams.get(0).get("values").get(0).get(1).asText());
        assertEquals(Long.toString(T0 + 2_000), streams.get(0).get("values").get(1).get(0).asText());
    }

    @Test
    void fluentBitJsonPushWithGzipIsQueryable() throws Exception {
        String json = "{\"streams\":[{\"stream\":{\"job\":\"fluentbit\"},\"values\":[[\"" + (T0 + 5) + "\",\"gzip line\"]]}]}";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", "fb", gz.toByteArray(),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertEquals(204, r.statusCode(), () -> new String(r.body()));
        JsonNode streams = queryRange("fb", "{job=\"fluentbit\"} |= \"gzip\"", "backward");
        assertEquals("gzip line", streams.get(0).get("values").get(0).get(1).asText());
    }

    @Test
    void tenantsNeverSeeEachOthersData() throws Exception {
        for (String tenant : List.of("red", "blue")) {
            String json = "{\"streams\":[{\"stream\":{\"job\":\"iso\"},\"values\":[[\"" + (T0 + 9) + "\",\"secret of " + tenant + "\"]]}]}";
            assertEquals(204, server.post("/loki/api/v1/push", tenant, json.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json")).statusCode());
        }
        JsonNode red = queryRange("red", "{job=\"iso\"}", "backward");
        assertEquals(1, red.size());
        assertEquals(1, red.get(0).get("values").size());
        assertEquals("secret of red", red.get(0).get("values").get(0).get(1).asText());
        assertEquals(0, queryRange("green", "{job=\"iso\"}", "backward").size());
    }

    @Test
    void requestsWithoutOrgIdAreRefusedWhenAuthIsEnabled() throws Exception {
        HttpResponse<byte[]> push = server.post("/loki/api/v1/push", null, "{}".getBytes(), Map.of("Content-Type", "application/json"));
        assertEquals(401, push.statusCode());
        assertTrue(new String(push.body()).contains("no org id"));
        assertEquals(401, server.get("/loki/api/v1/labels", null).statusCode());
    }

    @Test
    void tenantIdsThatCouldEscapeTheBucketAreRefused() throws Exception {
        HttpResponse<byte[]> query = server.get("/loki/api/v1/labels", "../acme");
        assertEquals(400, query.statusCode());
        assertTrue(new String(query.body()).contains("unsupported character '/'"), new String(query.body()));
        String json = "{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"" + T0 + "\",\"l\"]]}]}";
        assertEquals(400, server.post("/loki/api/v1/push", "..", json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json")).statusCode());
    }

    @Test
    void invalidPushIsA400NamingTheProblemAndValidEntriesAreStillWritten() throws Exception {
        String json = "{\"streams\":[{\"stream\":{\"job\":\"partial\"},\"values\":[[\"" + (T0 + 1) + "\",\"kept\"]]},"
                + "{\"stream\":{},\"values\":[[\"" + (T0 + 2) + "\",\"no labels\"]]}]}";
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", "partial", json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(400, r.statusCode());
        assertTrue(new String(r.body()).contains("at least one label pair is required per stream"), new String(r.body()));
        assertEquals("kept", queryRange("partial", "{job=\"partial\"}", "backward").get(0).get("values").get(0).get(1).asText());
    }

    @Test
    void badQueryIsA400WithLokiStyleParseError() throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?query=" + enc("{app=\"web\"") + "&start=" + T0
                + "&end=" + (T0 + 10), "acme");
        assertEquals(400, r.statusCode());
        assertTrue(new String(r.body()).contains("parse error"), new String(r.body()));
    }

    @Test
    void operationalEndpointsAnswer() throws Exception {
        assertEquals("ready\n", new String(server.get("/ready", null).body()));
        String metrics = new String(server.get("/metrics", "ops").body());
        assertTrue(metrics.contains("sigyn_http_request_duration_seconds"), "metrics lack HTTP timings");
        assertTrue(metrics.contains("jvm_memory_used_bytes"));
        String config = new String(server.get("/config", null).body());
        assertTrue(config.contains("auth_enabled: true"), config);
        JsonNode build = Conformance.JSON.readTree(server.get("/loki/api/v1/status/buildinfo", null).body());
        assertTrue(build.has("version") && build.has("revision"));
        assertEquals(204, server.post("/flush", null, new byte[0], Map.of()).statusCode());
    }

    private JsonNode queryRange(String tenant, String query, String direction) throws Exception {
        HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?query=" + enc(query) + "&start=" + T0
                + "&end=" + (T0 + 3_600_000_000_000L) + "&direction=" + direction, tenant);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        JsonNode body = Conformance.JSON.readTree(r.body());
        assertEquals("streams", body.path("data").path("resultType").asText());
        return body.path("data").path("result");
    }

    /** A logproto.PushRequest with one stream; each entry {ts, n} becomes line "line n" with one metadata pair. */
    private static byte[] protobufPush(String labels, List<long[]> entries, String mdName, String mdValue) throws Exception {
        List<byte[]> encodedEntries = new ArrayList<>();
        for (long[] e : entries) {
            byte[] ts = message(o -> {
                o.writeInt64(1, e[0] / 1_000_000_000L);
                o.writeInt32(2, (int) (e[0] % 1_000_000_000L));
            });
            byte[] md = message(o -> {
                o.writeString(1, mdName);
                o.writeString(2, mdValue);
            });
            encodedEntries.add(message(o -> {
                o.writeByteArray(1, ts);
                o.writeString(2, "line " + e[1]);
                o.writeByteArray(3, md);
            }));
        }
        byte[] stream = message(o -> {
            o.writeString(1, labels);
            for (byte[] e : encodedEntries) o.writeByteArray(2, e);
        });
        return message(o -> o.writeByteArray(1, stream));
    }

    private interface Writer {
        void write(CodedOutputStream o) throws Exception;
    }

    private static byte[] message(Writer w) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        w.write(o);
        o.flush();
        return bytes.toByteArray();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

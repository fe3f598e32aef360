package dev.sigyn.distributor;

import dev.sigyn.ingester.StreamPush;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static dev.sigyn.distributor.PushServer.NOW_NANOS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushFormatsTest {
    private static final long T1 = NOW_NANOS - 60_000_000_000L + 123;
    private static final long T2 = T1 + 1_000;
    private PushServer server;

    @BeforeEach
    void start() throws Exception {
        server = new PushServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static final String JSON_PUSH = """
            {"streams":[{"stream":{"env":"prod","app":"web","empty":""},
              "values":[["%d","first line"],["%d","second line",{"trace_id":"abc","user":"7"}]]}]}
            """.formatted(T1, T2);

    private static final List<Entry> EXPECTED = List.of(
            new Entry(T1, "first line"),
            new Entry(T2, "second line", Labels.of("trace_id", "abc", "user", "7")));

    private void assertStoredOnWorker(List<Entry> entries) {
        RecordingPusher.Call call = server.pusher.onlyCall();
        assertEquals("fake", call.tenant());
        assertEquals(List.of(new StreamPush(Labels.of("app", "web", "env", "prod"), entries)), call.streams());
        assertFalse(call.onEventLoop(), "the ingester must not be called on the event loop");
    }

    @Test
    void protobufSnappyPushIsAcceptedWithStructuredMetadata() throws Exception {
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{env=\"prod\", app=\"web\"}", EXPECTED));

        PushServer.Response r = server.postProtobuf(body);

        assertEquals(204, r.status());
        assertEquals("", r.body());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void protobufIsTheDefaultWithoutContentType() throws Exception {
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\", env=\"prod\"}", EXPECTED));

        assertEquals(204, server.post("/loki/api/v1/push", body, Map.of()).status());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void jsonPushIsAcceptedWithStructuredMetadataAndEmptyLabelsDropped() throws Exception {
        PushServer.Response r = server.post("/loki/api/v1/push", JSON_PUSH.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json; charset=utf-8"));

        assertEquals(204, r.status(), r.body());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void gzipEncodedJsonIsInflated() throws Exception {
        PushServer.Response r = server.post("/loki/api/v1/push", gzip(JSON_PUSH.getBytes(StandardCharsets.UTF_8)),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));

        assertEquals(204, r.status(), r.body());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void rawDeflateEncodedProtobufIsInflated() throws Exception {
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\", env=\"prod\"}", EXPECTED));

        PushServer.Response r = server.post("/loki/api/v1/push", deflate(body, true),
                Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "deflate"));

        assertEquals(204, r.status(), r.body());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void zlibWrappedDeflateIsAcceptedToo() throws Exception {
        PushServer.Response r = server.post("/loki/api/v1/push", deflate(JSON_PUSH.getBytes(StandardCharsets.UTF_8), false),
                Map.of("Content-Type", "application/json", "Content-Encoding", "deflate"));

        assertEquals(204, r.status(), r.body());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void snappyContentEncodingIsPassedThrough() throws Exception {
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\", env=\"prod\"}", EXPECTED));

        PushServer.Response r = server.post("/loki/api/v1/push", body,
                Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy"));

        assertEquals(204, r.status(), r.body());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void unsupportedContentEncodingIsRefused() throws Exception {
        PushServer.Response r = server.post("/loki/api/v1/push", JSON_PUSH.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Content-Encoding", "br"));

        assertEquals(400, r.status());
        assertEquals("Content-Encoding \"br\" not supported\n", r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void legacyPathAcceptsItsJsonFormAndProtobuf() throws Exception {
        String legacy = """
                {"streams":[{"labels":"{app=\\"web\\", env=\\"prod\\"}","entries":[
                  {"ts":"2026-11-01T00:59:00.000000123Z","line":"first line"},
                  {"ts":"2026-11-01T00:59:00.000001123Z","line":"second line",
                   "structuredMetadata":[{"name":"trace_id","value":"abc"},{"name":"user","value":"7"}]}]}]}
                """;
        PushServer.Response r = server.post("/api/prom/push", legacy.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.status(), r.body());
        assertStoredOnWorker(EXPECTED);

        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\", env=\"prod\"}", EXPECTED));
        assertEquals(204, server.post("/api/prom/push", body, Map.of("Content-Type", "application/x-protobuf")).status());
        assertEquals(2, server.pusher.calls.size());
    }

    @Test
    void streamsWithTheSameLabelsAreMergedInArrivalOrder() throws Exception {
        byte[] body = ProtoWriter.snappyPush(
                new ProtoWriter.Stream("{app=\"web\", env=\"prod\"}", List.of(EXPECTED.get(0))),
                new ProtoWriter.Stream("{app=\"db\"}", List.of(new Entry(T1, "db line"))),
                new ProtoWriter.Stream("{env=\"prod\", app=\"web\", gone=\"\"}", List.of(EXPECTED.get(1))));

        assertEquals(204, server.postProtobuf(body).status());

        List<StreamPush> streams = server.pusher.onlyCall().streams();
        assertEquals(List.of(
                new StreamPush(Labels.of("app", "web", "env", "prod"), EXPECTED),
                new StreamPush(Labels.of("app", "db"), List.of(new Entry(T1, "db line")))), streams);
    }

    @Test
    void numericJsonTimestampIsRefused() throws Exception {
        PushServer.Response r = server.postJson("{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[[" + T1
                + ",\"line\"]]}]}");

        assertEquals(400, r.status());
        assertTrue(r.body().contains("timestamp of an entry must be a string"), r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void malformedBodiesAreRefusedWithTheDecoderError() throws Exception {
        PushServer.Response json = server.postJson("{\"streams\":[{\"stream\":");
        assertEquals(400, json.status());
        assertTrue(json.body().startsWith("invalid JSON push request: "), json.body());

        PushServer.Response snappy = server.postProtobuf("definitely not snappy".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, snappy.status());
        assertEquals("snappy: corrupt input\n", snappy.body());

        PushServer.Response proto = server.postProtobuf(Snappy.compress(new byte[] {0x0a, 0x7f, 0x01}));
        assertEquals(400, proto.status());
        assertTrue(proto.body().startsWith("error decoding protobuf push request: "), proto.body());

        PushServer.Response gzip = server.post("/loki/api/v1/push", "plain".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertEquals(400, gzip.status());
        assertEquals("gzip: invalid header\n", gzip.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void snappyHeaderClaimingMoreThanTheBodyCanHoldIsCorrupt() throws Exception {
        // varint 1 GiB, then a few bytes: no valid snappy block expands that much, so nothing is allocated
        byte[] forged = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 0x00, 0x01, 0x02};

        PushServer.Response r = server.postProtobuf(forged);

        assertEquals(400, r.status());
        assertEquals("snappy: corrupt input\n", r.body());
    }

    @Test
    void jsonStructuredMetadataInTheQueryResponseShapeIsAccepted() throws Exception {
        String json = """
                {"streams":[{"stream":{"app":"web","env":"prod"},"values":[["%d","first line"],
                  ["%d","second line",{"structuredMetadata":{"trace_id":"abc","user":7},"parsed":{"x":"y"}}]]}]}
                """.formatted(T1, T2);

        assertEquals(204, server.postJson(json).status());
        assertStoredOnWorker(EXPECTED);
    }

    @Test
    void unparseableLabelsRefuseTheWholePush() throws Exception {
        byte[] body = ProtoWriter.snappyPush(
                new ProtoWriter.Stream("{app=\"web\"}", List.of(new Entry(T1, "fine"))),
                new ProtoWriter.Stream("{app=", List.of(new Entry(T1, "broken"))));

        PushServer.Response r = server.postProtobuf(body);

        assertEquals(400, r.status());
        assertTrue(r.body().startsWith("couldn't parse labels: "), r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void pushWithoutStreamsIsUnprocessable() throws Exception {
        PushServer.Response json = server.postJson("{\"streams\":[]}");
        assertEquals(422, json.status());
        assertEquals("error at least one valid stream is required for ingestion\n", json.body());

        PushServer.Response proto = server.postProtobuf(ProtoWriter.snappyPush());
        assertEquals(422, proto.status());
    }

    @Test
    void streamsWithoutEntriesAreAcceptedAndNothingIsPushed() throws Exception {
        PushServer.Response r = server.postJson("{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[]}]}");

        assertEquals(204, r.status());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void countsPushesLinesAndBytes() throws Exception {
        assertEquals(204, server.postJson(JSON_PUSH).status());
        server.postJson("{\"streams\":[]}");

        assertEquals(1, server.counter("sigyn.distributor.pushes", "tenant", "fake", "status", "204"));
        assertEquals(1, server.counter("sigyn.distributor.pushes", "tenant", "fake", "status", "422"));
        assertEquals(2, server.counter("sigyn.distributor.lines.received", "tenant", "fake"));
        // "first line" 10 + "second line" 11 + trace_id/abc 11 + user/7 5
        assertEquals(37, server.counter("sigyn.distributor.bytes.received", "tenant", "fake"));
    }

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(data);
        }
        return out.toByteArray();
    }
}

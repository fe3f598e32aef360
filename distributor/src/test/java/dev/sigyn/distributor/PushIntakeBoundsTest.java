package dev.sigyn.distributor;

import dev.sigyn.config.DistributorConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a push may make the server hold: {@code distributor.max_recv_msg_size} on the received and on the decoded
 * size, buffers that grow with the bytes that arrive, {@code distributor.max_inflight_bytes}, and workers of its own.
 */
class PushIntakeBoundsTest {
    private static final int MIB = 1 << 20;
    private static final long NOW = System.currentTimeMillis() * 1_000_000L;

    private final Vertx vertx = Vertx.vertx();
    private final RecordingPusher pusher = new RecordingPusher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Socket> sockets = new ArrayList<>();
    private int port;

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) s.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** The push API as the server builds it, with these distributor settings. */
    private void start(long maxRecvMsgSize, long maxInflightBytes) throws Exception {
        SigynConfig config = SigynConfig.defaults()
                .withDistributor(new DistributorConfig(maxRecvMsgSize, maxInflightBytes));
        Router router = Router.router(vertx);
        new PushApi(vertx, pusher, TenantResolver.orgIdHeader(false), config, TenantLimits.fixed(config.limits()),
                registry).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        port = server.actualPort();
    }

    // ---- max_recv_msg_size on what decoding produces ---------------------------------------------------------

    @Test
    void aGzipLineInflatingPastMaxRecvMsgSizeGets413() throws Exception {
        start(MIB, 0);
        byte[] bomb = gzipJsonLine(64 * MIB); // about 64 KB on the wire

        Answer r = post("application/json", "gzip", bomb);

        assertEquals(413, r.status(), r.body());
        assertEquals("request body too large: decompressed message size too large than max (1048577 vs 1048576)\n",
                r.body());
        assertTrue(pusher.calls.isEmpty());
    }

    @Test
    void aSnappyBodyDeclaringMoreThanMaxRecvMsgSizeGets413() throws Exception {
        start(MIB, 0);
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\"}",
                List.of(new dev.sigyn.logql.Entry(NOW, "y".repeat(4 * MIB)))));

        Answer r = post("application/x-protobuf", null, body);

        assertEquals(413, r.status(), r.body());
        assertTrue(r.body().startsWith("request body too large: decompressed message size too large than max (41943"),
                r.body());
    }

    @Test
    void jsonOfManyEmptyStreamsGets413ForItsDecodedSize() throws Exception {
        start(MIB, 0);
        // 900 KB of "{}," expands to hundreds of thousands of stream objects
        String json = "{\"streams\":[" + "{},".repeat(300_000) + "{}]}";

        Answer r = post("application/json", null, json.getBytes(StandardCharsets.UTF_8));

        assertEquals(413, r.status(), r.body());
        assertTrue(r.body().startsWith("request body too large: decoded message size too large than max ("), r.body());
    }

    @Test
    void protobufOfManyEmptyEntriesGets413ForItsDecodedSize() throws Exception {
        start(MIB, 0);
        byte[] entries = new byte[800_000];
        for (int i = 0; i < entries.length; i += 2) entries[i] = 0x12; // entries = 2, empty
        byte[] stream = ProtoWriter.message(out -> {
            out.writeString(1, "{app=\"web\"}");
            out.writeRawBytes(entries);
        });
        byte[] body = org.xerial.snappy.Snappy.compress(ProtoWriter.message(out -> out.writeByteArray(1, stream)));

        Answer r = post("application/x-protobuf", null, body);

        assertEquals(413, r.status(), r.body());
        assertTrue(r.body().startsWith("request body too large: decoded message size too large than max ("), r.body());
    }

    @Test
    void otlpProtobufOfManyEmptyAttributesGets413ForItsDecodedSize() throws Exception {
        start(MIB, 0);
        byte[] attributes = new byte[800_000];
        for (int i = 0; i < attributes.length; i += 2) attributes[i] = 0x32; // attributes = 6, empty KeyValue
        byte[] record = attributes;
        byte[] scope = ProtoWriter.message(out -> out.writeByteArray(2, record));
        byte[] resource = ProtoWriter.message(out -> out.writeByteArray(2, scope));
        byte[] body = ProtoWriter.message(out -> out.writeByteArray(1, resource));

        Answer r = post("/otlp/v1/logs", "application/x-protobuf", null, body);

        assertEquals(413, r.status(), r.body());
        assertTrue(r.body().contains("decoded message size too large than max ("), r.body());
    }

    @Test
    void otlpJsonOfManyEmptyRecordsGets413ForItsDecodedSize() throws Exception {
        start(MIB, 0);
        String json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[" + "{},".repeat(300_000) + "{}]}]}]}";

        Answer r = post("/otlp/v1/logs", "application/json", null, json.getBytes(StandardCharsets.UTF_8));

        assertEquals(413, r.status(), r.body());
        assertTrue(r.body().contains("decoded message size too large than max ("), r.body());
    }

    @Test
    void otlpJsonNumbersWithHugeExponentsAreRefusedWithoutBuildingTheirDigits() throws Exception {
        start(MIB, 0);
        for (String number : List.of("1e3000000", "5e300000000", "1e-3000000", "-7e300000")) {
            String json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":" + number
                    + ",\"body\":{\"stringValue\":\"x\"},\"attributes\":[{\"key\":\"n\",\"value\":{\"intValue\":"
                    + number + "}}]}]}]}]}";
            long t0 = System.nanoTime();
            Answer r = post("/otlp/v1/logs", "application/json", null, json.getBytes(StandardCharsets.UTF_8));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(400, r.status(), number + ": " + r.body());
            assertTrue(millis < 2_000, number + " took " + millis + " ms");
        }
        String fine = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":" + NOW + ".0e0"
                + ",\"body\":{\"stringValue\":\"x\"}}]}]}]}";
        assertEquals(204, post("/otlp/v1/logs", "application/json", null, fine.getBytes(StandardCharsets.UTF_8)).status());
    }

    // ---- max_recv_msg_size on what is received ---------------------------------------------------------------

    @Test
    void aContentLengthOverTheLimitGets413AtOnceAndItsConnectionIsClosed() throws Exception {
        start(MIB, 0);
        Socket s = connect();
        s.getOutputStream().write(headers("Content-Length: " + 100 * MIB));

        String answer = readUntilClosed(s, Duration.ofSeconds(5));

        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.endsWith("request body too large: message size too large than max (104857600 vs 1048576)\n"),
                answer);
    }

    @Test
    void aChunkedBodyPassingTheLimitGets413AndItsConnectionIsClosed() throws Exception {
        start(MIB, 0);
        Socket s = connect();
        OutputStream out = s.getOutputStream();
        out.write(headers("Transfer-Encoding: chunked"));
        byte[] chunk = new byte[64 * 1024];
        try {
            for (int i = 0; i < 17; i++) { // 1.06 MiB, then the client stalls without ending the body
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException closedWhileSending) {
            // the server may already have answered and closed
        }

        String answer = readUntilClosed(s, Duration.ofSeconds(5));

        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("message size too large than max ("), answer);
    }

    @Test
    void aBodyIsNotAllocatedBeforeItArrives() throws Exception {
        start(100L * MIB, 0);
        long before = usedHeapAfterGc();
        for (int i = 0; i < 20; i++) {
            Socket s = connect();
            s.getOutputStream().write(headers("Content-Length: " + 100 * MIB));
            s.getOutputStream().write('{');
        }
        Thread.sleep(1000); // for the server to read the headers and the byte

        long grown = usedHeapAfterGc() - before;

        // 20 bodies announcing 100 MiB each, one byte received each: not 2 GB, a few small buffers
        assertTrue(grown < 200L * MIB, "heap grew by " + grown / MIB + " MiB");
        assertTrue(inflight() <= 20 * 16 * 1024, "in flight: " + inflight());
    }

    @Test
    void a100ContinueIsAnsweredForABodyWithinTheLimit() throws Exception {
        start(MIB, 0);
        byte[] body = jsonLine("hello").getBytes(StandardCharsets.UTF_8);
        Socket s = connect();
        s.getOutputStream().write(headers("Content-Length: " + body.length + "\r\nExpect: 100-continue"));

        String interim = readLine(s, Duration.ofSeconds(2));
        assertEquals("HTTP/1.1 100 Continue", interim);
        s.getOutputStream().write(body);
        readLine(s, Duration.ofSeconds(1)); // the blank line after the interim answer
        assertEquals("HTTP/1.1 204 No Content", readLine(s, Duration.ofSeconds(5)));
    }

    // ---- max_inflight_bytes ----------------------------------------------------------------------------------

    @Test
    void aPushPastTheInflightLimitGets503NamingItAndIsAcceptedOnceThereIsRoom() throws Exception {
        // A push holds its body and what decoding builds from it: about twice its size.
        start(4 * MIB, 3 * MIB);
        byte[] slow = jsonLines('a', 1_000_000).getBytes(StandardCharsets.UTF_8);
        Socket s = connect();
        s.getOutputStream().write(headers("Content-Length: " + slow.length));
        s.getOutputStream().write(slow, 0, 900_000);
        awaitInflightAtLeast(900_000);
        byte[] other = jsonLines('b', 1_200_000).getBytes(StandardCharsets.UTF_8);

        Answer refused = post("application/json", null, other);

        assertEquals(503, refused.status(), refused.body());
        assertEquals("The server cannot accept more requests at this time: pushes in progress would hold more than"
                + " distributor.max_inflight_bytes (3145728 bytes); retry later\n", refused.body());
        s.getOutputStream().write(slow, 900_000, slow.length - 900_000);
        assertEquals("HTTP/1.1 204 No Content", readLine(s, Duration.ofSeconds(5)));
        assertEquals(204, post("application/json", null, other).status());
        assertEquals(2, pusher.calls.size());
        awaitInflight(0);
    }

    @Test
    void theInflightShareOfAClientThatLeavesIsReturned() throws Exception {
        start(4 * MIB, 3 * MIB);
        byte[] slow = jsonLines('a', 2_000_000).getBytes(StandardCharsets.UTF_8);
        Socket s = connect();
        s.getOutputStream().write(headers("Content-Length: " + slow.length));
        s.getOutputStream().write(slow, 0, 1_900_000);
        awaitInflightAtLeast(1_900_000);
        byte[] other = jsonLines('b', 1_200_000).getBytes(StandardCharsets.UTF_8);
        assertEquals(503, post("application/json", null, other).status());

        s.close();

        awaitInflight(0);
        assertEquals(204, post("application/json", null, other).status());
    }

    // ---- workers -----------------------------------------------------------------------------------------------

    @Test
    void pushesAreAnsweredWhileEverySharedWorkerIsBusy() throws Exception {
        start(MIB, 0);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 40; i++) { // Vert.x's shared pool has 20 threads by default: queries' pool, busy
            vertx.executeBlocking(() -> {
                release.await();
                return null;
            }, false);
        }
        try {
            Answer r = post("application/json", null, jsonLine("hello").getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5));
            assertEquals(204, r.status(), r.body());
        } finally {
            release.countDown();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private record Answer(int status, String body) {
    }

    private Answer post(String contentType, String contentEncoding, byte[] body) throws Exception {
        return post("/loki/api/v1/push", contentType, contentEncoding, body);
    }

    private Answer post(String path, String contentType, String contentEncoding, byte[] body) throws Exception {
        return post(path, contentType, contentEncoding, body, Duration.ofSeconds(30));
    }

    private Answer post(String contentType, String contentEncoding, byte[] body, Duration timeout) throws Exception {
        return post("/loki/api/v1/push", contentType, contentEncoding, body, timeout);
    }

    private Answer post(String path, String contentType, String contentEncoding, byte[] body, Duration timeout)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentEncoding != null) b.header("Content-Encoding", contentEncoding);
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String text = r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-protobuf")
                ? new String(r.body(), StandardCharsets.ISO_8859_1) : new String(r.body(), StandardCharsets.UTF_8);
        return new Answer(r.statusCode(), text);
    }

    private static String jsonLine(String line) {
        return "{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[[\"" + NOW + "\",\"" + line + "\"]]}]}";
    }

    /** A JSON push of about {@code size} bytes in lines of 10,000 characters (well under max_line_size). */
    private static String jsonLines(char c, int size) {
        StringBuilder values = new StringBuilder();
        String line = String.valueOf(c).repeat(10_000);
        for (int i = 0; i < size / line.length(); i++) {
            if (i > 0) values.append(',');
            values.append("[\"").append(NOW + i).append("\",\"").append(line).append("\"]");
        }
        return "{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[" + values + "]}]}";
    }

    /** A JSON push of one line of {@code size} bytes, gzipped without ever holding the line. */
    private static byte[] gzipJsonLine(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(("{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[[\"" + NOW + "\",\"")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] x = new byte[MIB];
            java.util.Arrays.fill(x, (byte) 'x');
            for (int i = 0; i < size / MIB; i++) gz.write(x);
            gz.write("\"]]}]}".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        sockets.add(s);
        return s;
    }

    private static byte[] headers(String extra) {
        return ("POST /loki/api/v1/push HTTP/1.1\r\nHost: sigyn\r\nContent-Type: application/json\r\n" + extra
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Everything the server sends until it closes the connection; fails if it has not closed within the wait. */
    private static String readUntilClosed(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) got.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + wait + "; received: " + got);
        } catch (IOException reset) {
            // a reset after the answer still closes the connection
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static String readLine(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) if (c != '\r') line.append((char) c);
        return line.toString();
    }

    private double inflight() {
        Gauge g = registry.find("sigyn.distributor.inflight.bytes").gauge();
        if (g == null) throw new AssertionError("no sigyn.distributor.inflight.bytes gauge");
        return g.value();
    }

    private void awaitInflightAtLeast(double bytes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inflight() < bytes && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(inflight() >= bytes, "in flight: " + inflight());
    }

    private void awaitInflight(double bytes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inflight() != bytes && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(bytes, inflight());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

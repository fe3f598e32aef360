package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client can make the server hold while pushes are read, against a Sigyn process started with bin/sigyn's JVM
 * options: bodies announced but not sent, decompression bombs, the in-flight limit, an OutOfMemoryError.
 */
class PushIntakeLimitsTest {
    private static final long T0 = 1_793_491_200_000_000_000L; // 2026-11-01T00:00:00Z
    private static final long GIB = 1L << 30;
    private static final Duration SIGTERM_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void connectionsAnnouncing100MiBBodiesDoNotStopTheServer() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try (SigynProcess sigyn = SigynProcess.start(dataDir, List.of(), List.of()).awaitReady()) {
            try {
                for (int i = 0; i < 100; i++) {
                    Socket s = new Socket("127.0.0.1", sigyn.port());
                    slow.add(s);
                    s.getOutputStream().write(("POST /loki/api/v1/push HTTP/1.1\r\nHost: sigyn\r\nX-Scope-OrgID: acme\r\n"
                            + "Content-Type: application/x-protobuf\r\nContent-Length: " + (100 << 20) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                Thread.sleep(2000); // every request's headers read

                long start = System.nanoTime();
                HttpResponse<byte[]> ready = get(sigyn, "/ready", null);
                long readyMillis = (System.nanoTime() - start) / 1_000_000;
                start = System.nanoTime();
                HttpResponse<byte[]> push = push(sigyn, "other", pushBody("app", "other", 1, 100));
                long pushMillis = (System.nanoTime() - start) / 1_000_000;
                long rss = sigyn.rssBytes();

                assertEquals(200, ready.statusCode());
                assertTrue(readyMillis < 1000, "/ready took " + readyMillis + " ms");
                assertEquals(204, push.statusCode(), () -> new String(push.body()));
                assertTrue(pushMillis < 1000, "a push took " + pushMillis + " ms");
                assertTrue(rss < GIB, "RSS " + (rss >> 20) + " MiB");

                Integer status = sigyn.terminate(SIGTERM_BOUND);
                assertNotNull(status, "still running " + SIGTERM_BOUND.toSeconds() + " s after SIGTERM");
            } finally {
                for (Socket s : slow) s.close();
            }
        }
    }

    @Test
    void decompressionBombsGet413QuicklyWhileMemoryStaysBounded() throws Exception {
        byte[] gzipLine = gzipJsonLine(1_500_000_000L); // about 1.5 MB here; an attacker's was 6.9 MB for 1.5 GB
        byte[] snappy = snappyBomb(1_700_000_000); // 80 MB declaring 1.7 GB
        try (SigynProcess sigyn = SigynProcess.start(dataDir, List.of(), List.of()).awaitReady()) {
            long start = System.nanoTime();
            HttpResponse<byte[]> json = push(sigyn, "acme", gzipLine, "application/json", "gzip");
            long jsonMillis = (System.nanoTime() - start) / 1_000_000;
            long rssAfterJson = sigyn.rssBytes();
            start = System.nanoTime();
            HttpResponse<byte[]> proto = push(sigyn, "acme", snappy, "application/x-protobuf", null);
            long protoMillis = (System.nanoTime() - start) / 1_000_000;
            long rssAfterProto = sigyn.rssBytes();

            assertEquals(413, json.statusCode(), () -> new String(json.body()));
            assertEquals("request body too large: decompressed message size too large than max (104857601 vs"
                    + " 104857600)\n", new String(json.body(), StandardCharsets.UTF_8));
            assertTrue(jsonMillis < 10_000, "the gzip bomb took " + jsonMillis + " ms");
            assertEquals(413, proto.statusCode(), () -> new String(proto.body()));
            assertEquals("request body too large: decompressed message size too large than max (1700000000 vs"
                    + " 104857600)\n", new String(proto.body(), StandardCharsets.UTF_8));
            assertTrue(protoMillis < 10_000, "the snappy bomb took " + protoMillis + " ms");
            assertTrue(rssAfterJson < GIB, "RSS after the gzip bomb " + (rssAfterJson >> 20) + " MiB");
            assertTrue(rssAfterProto < GIB, "RSS after the snappy bomb " + (rssAfterProto >> 20) + " MiB");
        }
    }

    @Test
    void pushesPastTheInflightLimitGet503AndEveryAcceptedPushIsQueryable() throws Exception {
        int pushes = 16;
        try (SigynProcess sigyn = SigynProcess.start(dataDir, List.of(), List.of(
                "-distributor.max-inflight-bytes=" + (1 << 20), "-distributor.ingestion-rate-limit-mb=1000",
                "-distributor.ingestion-burst-size-mb=1000")).awaitReady()) {
            // Every push under way at once: 200 KB of its 300 KB sent (each holds 256 KiB so far, 1 MiB in flight).
            List<Socket> sockets = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            try {
                for (int i = 0; i < pushes; i++) {
                    byte[] body = pushBody("push", "p" + i, i, 30);
                    Socket s = new Socket("127.0.0.1", sigyn.port());
                    sockets.add(s);
                    bodies.add(body);
                    s.getOutputStream().write(("POST /loki/api/v1/push HTTP/1.1\r\nHost: sigyn\r\nX-Scope-OrgID: acme\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write(body, 0, 200_000);
                }
                Thread.sleep(3000); // every part received, the refusals answered and their connections closed
                List<Integer> accepted = new ArrayList<>();
                int refused = 0;
                for (int i = 0; i < pushes; i++) {
                    Socket s = sockets.get(i);
                    String answer = RawHttp.readAnswer(s, Duration.ofMillis(200));
                    if (answer == null) { // still being read: send the rest
                        byte[] body = bodies.get(i);
                        s.getOutputStream().write(body, 200_000, body.length - 200_000);
                        answer = RawHttp.readAnswer(s, Duration.ofSeconds(30));
                    }
                    assertNotNull(answer, "no answer to push p" + i);
                    if (answer.startsWith("HTTP/1.1 204")) {
                        accepted.add(i);
                    } else {
                        assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                        assertTrue(answer.endsWith("The server cannot accept more requests at this time: pushes in"
                                + " progress would hold more than distributor.max_inflight_bytes (1048576 bytes);"
                                + " retry later\n"), answer);
                        refused++;
                    }
                }

                assertTrue(refused > 0, "no push was refused");
                assertTrue(!accepted.isEmpty(), "no push was accepted");
                for (int i = 0; i < pushes; i++) {
                    assertEquals(accepted.contains(i) ? 30 : 0, linesOf(sigyn, "p" + i), "push p" + i);
                }
            } finally {
                for (Socket s : sockets) s.close();
            }
        }
    }

    @Test
    void anOutOfMemoryErrorMakesTheProcessExit() throws Exception {
        // A small heap and no in-flight limit: the 60 MB push below cannot fit.
        try (SigynProcess sigyn = SigynProcess.start(dataDir,
                List.of("-Xmx96m"),
                List.of("-distributor.max-inflight-bytes=0")).awaitReady()) {
            byte[] body = pushBody("app", "big", 0, 6000);
            try {
                push(sigyn, "acme", body);
            } catch (IOException connectionClosedByTheExit) {
                // expected: the process is gone before it answers
            }

            Integer status = sigyn.awaitExit(Duration.ofSeconds(60));

            assertNotNull(status, "still running after an OutOfMemoryError:\n" + sigyn.logText());
            assertEquals(3, status, sigyn.logText());
            assertTrue(sigyn.logText().contains("OutOfMemoryError"), sigyn.logText());
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A JSON push of {@code lines} lines of 10 KB each, in a stream labelled {@code name=value}. */
    private static byte[] pushBody(String name, String value, int seed, int lines) {
        StringBuilder sb = new StringBuilder("{\"streams\":[{\"stream\":{\"").append(name).append("\":\"")
                .append(value).append("\"},\"values\":[");
        String filler = "x".repeat(10_000);
        for (int i = 0; i < lines; i++) {
            if (i > 0) sb.append(',');
            sb.append("[\"").append(T0 + seed * 1_000_000_000L + i).append("\",\"").append(value).append(' ')
                    .append(i).append(' ').append(filler).append("\"]");
        }
        return sb.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<byte[]> push(SigynProcess sigyn, String tenant, byte[] body) throws Exception {
        return push(sigyn, tenant, body, "application/json", null);
    }

    private static HttpResponse<byte[]> push(SigynProcess sigyn, String tenant, byte[] body, String contentType,
                                             String contentEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sigyn.base + "/loki/api/v1/push"))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", contentType).header("X-Scope-OrgID", tenant)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentEncoding != null) b.header("Content-Encoding", contentEncoding);
        return TestServer.send(sigyn.base, b);
    }

    private static HttpResponse<byte[]> get(SigynProcess sigyn, String uri, String tenant) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sigyn.base + uri)).timeout(Duration.ofSeconds(30))
                .GET();
        if (tenant != null) b.header("X-Scope-OrgID", tenant);
        return TestServer.send(sigyn.base, b);
    }

    private static int linesOf(SigynProcess sigyn, String push) throws Exception {
        String q = URLEncoder.encode("{push=\"" + push + "\"}", StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = get(sigyn, "/loki/api/v1/query_range?query=" + q + "&start=" + T0 + "&end="
                + (T0 + 3_600_000_000_000L) + "&limit=5000", "acme");
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        int n = 0;
        for (JsonNode stream : Conformance.JSON.readTree(r.body()).path("data").path("result")) {
            n += stream.get("values").size();
        }
        return n;
    }

    /** A JSON push of one line of {@code size} bytes, gzipped as it is written. */
    private static byte[] gzipJsonLine(long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(("{\"streams\":[{\"stream\":{\"app\":\"bomb\"},\"values\":[[\"" + T0 + "\",\"")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] x = new byte[1 << 20];
            java.util.Arrays.fill(x, (byte) 'x');
            for (long written = 0; written < size; written += x.length) gz.write(x);
            gz.write("\"]]}]}".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /**
     * A raw snappy block declaring {@code size} uncompressed bytes, made of one 64-byte literal and then 3-byte copies
     * of it (64 bytes each): what a snappy encoder emits for a run, at the densest ratio snappy allows.
     */
    private static byte[] snappyBomb(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size / 64 * 3 + 80);
        for (long v = size; ; v >>>= 7) { // the uncompressed length, a varint
            if (v < 0x80) {
                out.write((int) v);
                break;
            }
            out.write((int) (v & 0x7f) | 0x80);
        }
        out.write(63 << 2); // a literal of 64 bytes
        for (int i = 0; i < 64; i++) out.write('x');
        byte[] copy = {(byte) (63 << 2 | 2), 64, 0}; // copy 64 bytes from 64 back
        for (long produced = 64; produced < size; produced += 64) out.write(copy, 0, 3);
        return out.toByteArray();
    }
}

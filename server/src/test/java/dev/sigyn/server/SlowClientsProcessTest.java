package dev.sigyn.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * server.http_server_read_timeout, _write_timeout and _idle_timeout against a Sigyn process (bin/sigyn's JVM
 * options) configured with small values: clients that stall, idle, drip or do not read are closed; a live tail is not.
 */
class SlowClientsProcessTest {
    private static final Duration READ = Duration.ofSeconds(2);
    private static final Duration WRITE = Duration.ofSeconds(6);
    private static final Duration IDLE = Duration.ofSeconds(3);
    /** How much later than its timeout a connection may be closed on a loaded machine. */
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final long T0 = 1_793_491_200_000_000_000L; // 2026-11-01T00:00:00Z

    @TempDir
    static Path dataDir;
    private static SigynProcess sigyn;

    @BeforeAll
    static void start() throws Exception {
        sigyn = SigynProcess.start(dataDir, List.of(), List.of("-server.http-read-timeout=" + READ.toSeconds() + "s",
                "-server.http-write-timeout=" + WRITE.toSeconds() + "s",
                "-server.http-idle-timeout=" + IDLE.toSeconds() + "s", "-distributor.ingestion-rate-limit-mb=1000",
                "-distributor.ingestion-burst-size-mb=1000", "-ingester.per-stream-rate-limit=1GB",
                "-ingester.per-stream-rate-limit-burst=1GB")).awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        sigyn.close();
    }

    @Test
    void aBodyThatStopsArrivingGets408AndItsConnectionIsClosed() throws Exception {
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write(("POST /loki/api/v1/push HTTP/1.1\r\nHost: sigyn\r\nX-Scope-OrgID: acme\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"streams\":")
                    .getBytes(StandardCharsets.US_ASCII));

            String answer = RawHttp.readAnswer(s, READ.plus(SLACK));
            Duration took = since(start);

            assertNotNull(answer, "no answer within " + READ.plus(SLACK));
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.endsWith("request timeout: the request did not arrive within"
                    + " server.http_server_read_timeout (2s)\n"), answer);
            assertTrue(took.compareTo(READ.minusMillis(500)) > 0, "answered after " + took);
            assertTrue(RawHttp.closedWithin(s, SLACK), "connection still open");
        }
    }

    @Test
    void aConnectionThatSendsNoRequestIsClosed() throws Exception {
        try (Socket s = connect()) {
            long start = System.nanoTime();

            assertTrue(RawHttp.closedWithin(s, READ.plus(SLACK)), "connection still open");
            assertTrue(since(start).compareTo(READ.minusMillis(500)) > 0, "closed after " + since(start));
        }
    }

    @Test
    void keptAliveConnectionsThatGoIdleAreClosed() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = connect();
                sockets.add(s);
                s.getOutputStream().write("GET /ready HTTP/1.1\r\nHost: sigyn\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            long answered = System.nanoTime();
            for (Socket s : sockets) {
                String answer = RawHttp.readAnswer(s, Duration.ofSeconds(30));
                assertNotNull(answer);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            }

            for (Socket s : sockets) assertTrue(RawHttp.closedWithin(s, IDLE.plus(SLACK)), "an idle connection stays");
            assertTrue(since(answered).compareTo(IDLE.minusMillis(500)) > 0, "closed after " + since(answered));
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    @Test
    void aClientDrippingItsHeadersIsClosed() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write("GET /ready HTTP/1.1\r\nHost: sigyn\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            AtomicBoolean dripping = new AtomicBoolean(true);
            Thread dripper = Thread.ofVirtual().start(() -> {
                try {
                    while (dripping.get()) { // a byte every 100 ms: never idle, never done
                        out.write('a');
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection
                }
            });
            long start = System.nanoTime();

            boolean closed = RawHttp.closedWithin(s, READ.plus(SLACK));
            dripping.set(false);
            dripper.join();

            assertTrue(closed, "a dripping client is still connected after " + since(start));
        }
    }

    @Test
    void anAnswerTheClientDoesNotReadIsCutAtTheWriteTimeout() throws Exception {
        for (int push = 0; push < 4; push++) { // 20 MB of lines, answered as one 20 MB query result
            StringBuilder values = new StringBuilder();
            String filler = "w".repeat(10_000);
            for (int i = 0; i < 500; i++) {
                if (i > 0) values.append(',');
                values.append("[\"").append(T0 + push * 1_000_000_000L + i).append("\",\"").append(filler).append("\"]");
            }
            String body = "{\"streams\":[{\"stream\":{\"app\":\"wide\"},\"values\":[" + values + "]}]}";
            HttpResponse<byte[]> r = TestServer.send(sigyn.base, HttpRequest.newBuilder(URI.create(sigyn.base
                    + "/loki/api/v1/push")).header("Content-Type", "application/json").header("X-Scope-OrgID", "acme")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(204, r.statusCode(), () -> new String(r.body()));
        }
        try (Socket s = connect()) {
            s.setReceiveBufferSize(64 * 1024);
            String q = URLEncoder.encode("{app=\"wide\"}", StandardCharsets.UTF_8);
            long start = System.nanoTime();
            s.getOutputStream().write(("GET /loki/api/v1/query_range?query=" + q + "&start=" + T0 + "&end="
                    + (T0 + 3_600_000_000_000L) + "&limit=2000 HTTP/1.1\r\nHost: sigyn\r\nX-Scope-OrgID: acme\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(WRITE.plus(SLACK).toMillis()); // not reading

            byte[] received = readUntilClosed(s, Duration.ofSeconds(30));
            if (received.length == 0) return; // closed before the answer began: cut too (a slow query on a busy machine)
            String head = new String(received, 0, Math.min(received.length, 4096), StandardCharsets.ISO_8859_1);

            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            long contentLength = contentLength(head);
            long bodyBytes = received.length - (head.indexOf("\r\n\r\n") + 4);
            assertTrue(bodyBytes < contentLength, "the whole answer (" + contentLength + " bytes) arrived after "
                    + since(start) + ": not cut at the write timeout");
        }
    }

    @Test
    void aLiveTailOutlivesTheIdleAndWriteTimeouts() throws Exception {
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        AtomicBoolean closed = new AtomicBoolean();
        String q = URLEncoder.encode("{app=\"tailed\"}", StandardCharsets.UTF_8);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("X-Scope-OrgID", "acme")
                .buildAsync(URI.create("ws://127.0.0.1:" + sigyn.port() + "/loki/api/v1/tail?query=" + q),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                frames.add(data.toString());
                                ws.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                                closed.set(true);
                                return null;
                            }
                        })
                .get(30, TimeUnit.SECONDS);
        try {
            Thread.sleep(WRITE.plus(IDLE).plusSeconds(1).toMillis()); // quiet: nothing to tail
            long now = System.currentTimeMillis() * 1_000_000L;
            HttpResponse<byte[]> r = TestServer.send(sigyn.base, HttpRequest.newBuilder(URI.create(sigyn.base
                    + "/loki/api/v1/push")).header("Content-Type", "application/json").header("X-Scope-OrgID", "acme")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"streams\":[{\"stream\":{\"app\":\"tailed\"},"
                            + "\"values\":[[\"" + now + "\",\"still tailing\"]]}]}")));
            assertEquals(204, r.statusCode(), () -> new String(r.body()));

            String frame = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && (frame == null || !frame.contains("still tailing"))) {
                frame = frames.poll(1, TimeUnit.SECONDS);
            }
            assertTrue(frame != null && frame.contains("still tailing"), "last frame: " + frame + ", closed: " + closed);
        } finally {
            socket.abort();
        }
    }

    private static Socket connect() throws IOException {
        return new Socket("127.0.0.1", sigyn.port());
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static byte[] readUntilClosed(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1 << 16];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) got.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + wait + " (" + got.size() + " bytes read)");
        } catch (IOException reset) {
            // closed
        }
        return got.toByteArray();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.isEmpty()) break;
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) return Long.parseLong(line.substring(15).strip());
        }
        throw new AssertionError("no Content-Length in " + head);
    }
}

package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The WAL's disk fills up under a real Sigyn process (a child JVM whose WAL directory is a small tmpfs): every push
 * is then refused with a 503 that says the disk is full, nothing of a refused push is ever stored (not even when it
 * is retried, nor after {@code kill -9}), every acknowledged push survives, and pushes are taken again by themselves
 * once space is freed, also after a restart on a full disk.
 */
class DiskFullTest {
    private static final long T0 = 1_793_491_200_000_000_000L; // 2026-11-01T00:00:00Z
    private static final String TENANT = "acme";
    private static final List<String> STREAMS = List.of("a", "b", "c");
    private static final String PADDING = "x".repeat(400);

    @TempDir
    Path dataDir;
    private SmallFilesystem walDisk;
    private Process sigyn;
    private String base;
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void mountWalDisk() throws Exception {
        walDisk = SmallFilesystem.mount(dataDir.resolve("wal-disk"), 8L << 20);
        base = "http://127.0.0.1:" + freePort();
    }

    @AfterEach
    void stop() throws Exception {
        if (sigyn != null) {
            sigyn.destroyForcibly();
            sigyn.waitFor();
        }
        walDisk.close();
    }

    @Test
    void aPushTheFullDiskRefusedIsNeverStoredAndPushesResumeOnceSpaceIsFreed() throws Exception {
        start();
        Outcomes outcomes = new Outcomes();
        // Four clients push multi-stream batches while the disk fills: refusals hit pushes in flight.
        AtomicBoolean filled = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        AtomicInteger refusedSoFar = new AtomicInteger();
        for (int c = 0; c < 4; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                for (int n = 0; refusedSoFar.get() < 12 && System.nanoTime() < deadline; n++) {
                    Push p = newPush("c" + client + "-" + n);
                    int status = p.send();
                    outcomes.record(p, status);
                    if (status != 204) refusedSoFar.incrementAndGet();
                    if (n == 5 && client == 0 && filled.compareAndSet(false, true)) walDisk.fill(256 << 10);
                }
                return null;
            }));
        }
        for (Future<?> f : running) f.get();
        clients.shutdown();
        assertTrue(outcomes.refused.size() >= 12, "the disk never filled: " + outcomes);
        assertTrue(outcomes.acknowledged.size() > 0, "nothing was acknowledged before the disk filled: " + outcomes);

        // The identical push retried while the disk is still full is refused again, never acknowledged.
        Push retried = outcomes.refused.getFirst();
        assertTrue(retried.send() != 204, "a refused push retried on a full disk was acknowledged");
        Set<String> stored = storedLines();
        assertTrue(stored.containsAll(outcomes.acknowledgedLines()), "an acknowledged entry is missing");
        assertNoRefusedLineStored(outcomes, stored, Set.of());
        for (int i = 0; i < outcomes.refused.size(); i++) {
            Push p = outcomes.refused.get(i);
            assertEquals(503, outcomes.refusalStatuses.get(i), "a push the full disk refused: " + p.lastMessage);
            assertTrue(outcomes.refusalMessages.get(i).contains("disk is full"),
                    "a refusal must say the disk is full, got: " + outcomes.refusalMessages.get(i));
        }

        walDisk.free();
        Push afterFree = awaitAccepted(newPush("after-free"));
        assertEquals(204, retried.send(), "the refused push, retried once space is free");

        // kill -9: only what was acknowledged comes back, all of it.
        restart();
        Set<String> afterCrash = storedLines();
        Set<String> acknowledged = new HashSet<>(outcomes.acknowledgedLines());
        acknowledged.addAll(afterFree.lines);
        acknowledged.addAll(retried.lines);
        assertTrue(afterCrash.containsAll(acknowledged), "an acknowledged entry was lost in the crash");
        assertNoRefusedLineStored(outcomes, afterCrash, Set.copyOf(retried.lines));
    }

    @Test
    void aRestartOnAFullDiskBecomesReadyAndTakesPushesOnceSpaceIsFreed() throws Exception {
        start();
        Push before = newPush("before");
        assertEquals(204, before.send());
        sigyn.destroyForcibly();
        sigyn.waitFor();
        walDisk.fill(0);

        start(); // waits for /ready: replay works on a full disk
        Push refused = newPush("while-full");
        HttpResponse<byte[]> r = refused.post();
        assertEquals(503, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("disk is full"),
                () -> "the 503 must say the disk is full: " + new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(storedLines().containsAll(before.lines), "the acknowledged push is queryable after the restart");

        walDisk.free();
        Push after = awaitAccepted(newPush("after-free"));
        Set<String> stored = storedLines();
        assertTrue(stored.containsAll(after.lines) && stored.containsAll(before.lines));
        for (String line : refused.lines) assertTrue(!stored.contains(line), "a refused entry was stored: " + line);
    }

    @Test
    void aReplayThatCannotSetCorruptDataAsideOnAFullDiskSaysSoAndFinishesOnceSpaceIsFreed() throws Exception {
        start();
        assertEquals(204, newPush("before").send());
        sigyn.destroyForcibly();
        sigyn.waitFor();
        // Damage in a segment that is not the last: replay keeps a copy of the segment aside, which needs space.
        Path wal = walDisk.dir.resolve("wal");
        Path first;
        try (var files = java.nio.file.Files.list(wal)) {
            first = files.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        try (var ch = java.nio.channels.FileChannel.open(first, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("damage".getBytes(StandardCharsets.UTF_8)), 40);
        }
        String name = first.getFileName().toString();
        long number = Long.parseLong(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
        java.nio.file.Files.write(wal.resolve(String.format("wal-%016d.seg", number + 1)),
                "SGYNWAL1".getBytes(StandardCharsets.US_ASCII));
        walDisk.fill(0);

        startWithoutWaiting();
        String reason = awaitNotReadySaying("disk is full");
        walDisk.free();
        awaitReady(Duration.ofSeconds(20));
        assertTrue(reason.contains("write-ahead log"), reason);
        assertEquals(204, newPush("after").send());
    }

    // ---- the pushes -----------------------------------------------------------------------------------------

    /** One JSON push of ten entries to each of three streams, every line unique. */
    private Push newPush(String id) {
        StringBuilder body = new StringBuilder("{\"streams\":[");
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < STREAMS.size(); s++) {
            if (s > 0) body.append(',');
            body.append("{\"stream\":{\"app\":\"disk\",\"part\":\"").append(STREAMS.get(s)).append("\"},\"values\":[");
            for (int i = 0; i < 10; i++) {
                String line = id + "-" + STREAMS.get(s) + "-" + i + " " + PADDING;
                lines.add(line);
                if (i > 0) body.append(',');
                body.append("[\"").append(T0 + clock.incrementAndGet() * 1_000_000L).append("\",\"").append(line).append("\"]");
            }
            body.append("]}");
        }
        return new Push(body.append("]}").toString(), lines);
    }

    private final class Push {
        final String body;
        final List<String> lines;

        Push(String body, List<String> lines) {
            this.body = body;
            this.lines = lines;
        }

        HttpResponse<byte[]> post() throws IOException, InterruptedException {
            return TestServer.send(base, HttpRequest.newBuilder(URI.create(base + "/loki/api/v1/push"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("X-Scope-OrgID", TENANT).POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        int send() throws IOException, InterruptedException {
            HttpResponse<byte[]> r = post();
            if (r.statusCode() != 204 && r.statusCode() / 100 != 5) {
                fail("push answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            lastMessage = new String(r.body(), StandardCharsets.UTF_8);
            return r.statusCode();
        }

        String lastMessage = "";
    }

    /** Pushes are taken again within a few seconds of space being freed (the WAL is reopened, no restart). */
    private Push awaitAccepted(Push p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            int status = p.send();
            if (status == 204) return p;
            if (System.nanoTime() > deadline) fail("pushes still refused 10 s after space was freed: " + p.lastMessage);
            Thread.sleep(200);
        }
    }

    private static final class Outcomes {
        final List<Push> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final List<Push> refused = Collections.synchronizedList(new ArrayList<>());
        final List<String> refusalMessages = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> refusalStatuses = Collections.synchronizedList(new ArrayList<>());

        synchronized void record(Push p, int status) {
            if (status == 204) {
                acknowledged.add(p);
            } else {
                refused.add(p);
                refusalMessages.add(p.lastMessage);
                refusalStatuses.add(status);
            }
        }

        List<String> acknowledgedLines() {
            List<String> out = new ArrayList<>();
            synchronized (acknowledged) {
                for (Push p : acknowledged) out.addAll(p.lines);
            }
            return out;
        }

        @Override
        public String toString() {
            return acknowledged.size() + " acknowledged, " + refused.size() + " refused";
        }
    }

    private static void assertNoRefusedLineStored(Outcomes outcomes, Set<String> stored, Set<String> acceptedLater) {
        int leaked = 0;
        String example = null;
        for (Push p : outcomes.refused) {
            for (String line : p.lines) {
                if (stored.contains(line) && !acceptedLater.contains(line)) {
                    leaked++;
                    example = line;
                }
            }
        }
        assertEquals(0, leaked, "entries of refused pushes were stored, e.g. " + example);
    }

    private Set<String> storedLines() throws Exception {
        Set<String> found = new HashSet<>();
        for (String part : STREAMS) {
            String q = URLEncoder.encode("{app=\"disk\",part=\"" + part + "\"}", StandardCharsets.UTF_8);
            HttpResponse<byte[]> r = TestServer.send(base, HttpRequest.newBuilder(URI.create(base
                    + "/loki/api/v1/query_range?query=" + q + "&start=" + T0 + "&end=" + (T0 + 3_600_000_000_000L)
                    + "&limit=5000&direction=forward")).header("X-Scope-OrgID", TENANT).GET());
            assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
            int before = found.size();
            for (JsonNode stream : Conformance.JSON.readTree(r.body()).path("data").path("result")) {
                for (JsonNode v : stream.get("values")) found.add(v.get(1).asText());
            }
            assertTrue(found.size() - before < 5000, "the query limit cut the answer short");
        }
        return found;
    }

    // ---- the process ----------------------------------------------------------------------------------------

    private void start() throws Exception {
        startWithoutWaiting();
        awaitReady(Duration.ofSeconds(60));
    }

    private void startWithoutWaiting() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        int port = URI.create(base).getPort();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.sigyn.server.Main", "-server.http-listen-port=" + port, "-server.http-listen-address=127.0.0.1",
                "-auth.enabled=true", "-validation.reject-old-samples=false", "-common.path-prefix=" + dataDir,
                "-ingester.wal-dir=" + walDisk.dir.resolve("wal")));
        sigyn = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("sigyn.log").toFile())).start();
    }

    private void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!sigyn.isAlive()) fail("Sigyn exited with " + sigyn.exitValue() + "; see " + dataDir.resolve("sigyn.log"));
            try {
                if (TestServer.send(base, HttpRequest.newBuilder(URI.create(base + "/ready")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(100);
        }
        fail("Sigyn not ready within " + within.toSeconds() + " s; see " + dataDir.resolve("sigyn.log"));
    }

    /** Polls /ready until its 503 answer contains {@code text}; returns that answer. */
    private String awaitNotReadySaying(String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!sigyn.isAlive()) fail("Sigyn exited with " + sigyn.exitValue() + "; see " + dataDir.resolve("sigyn.log"));
            try {
                HttpResponse<byte[]> r = TestServer.send(base, HttpRequest.newBuilder(URI.create(base + "/ready")).GET());
                last = r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
                assertTrue(r.statusCode() != 200, "ready although the replay could not finish: " + last);
                if (last.contains(text)) return last;
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(100);
        }
        return fail("/ready never said \"" + text + "\"; last answer: " + last);
    }

    /** kill -9, then a new process on the same directories. */
    private void restart() throws Exception {
        sigyn.destroyForcibly();
        sigyn.waitFor();
        start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An acknowledged push survives {@code kill -9}: Sigyn runs as a separate JVM, is killed with SIGKILL right after
 * the pushes are acknowledged (nothing flushed), and a new process on the same data directory answers with every entry.
 */
class CrashRecoveryTest {
    private static final long T0 = 1_793_491_200_000_000_000L; // 2026-11-01T00:00:00Z

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEntryIsQueryableAfterKill9() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Process first = startSigyn(port);
        Set<String> pushed = new HashSet<>();
        try {
            awaitReady(base, first);
            for (int batch = 0; batch < 20; batch++) {
                StringBuilder values = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    int n = batch * 50 + i;
                    String line = "crash-test line " + n;
                    pushed.add(line);
                    if (i > 0) values.append(',');
                    values.append("[\"").append(T0 + n * 1_000_000L).append("\",\"").append(line).append("\"]");
                }
                String body = "{\"streams\":[{\"stream\":{\"app\":\"crash\",\"batch\":\"" + (batch % 3)
                        + "\"},\"values\":[" + values + "]}]}";
                HttpResponse<byte[]> r = TestServer.send(base, HttpRequest.newBuilder(URI.create(base + "/loki/api/v1/push"))
                        .header("Content-Type", "application/json").header("X-Scope-OrgID", "acme")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                assertEquals(204, r.statusCode(), () -> new String(r.body()));
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            first.waitFor();
        }

        Process second = startSigyn(port);
        try {
            awaitReady(base, second);
            String q = URLEncoder.encode("{app=\"crash\"}", StandardCharsets.UTF_8);
            HttpResponse<byte[]> r = TestServer.send(base, HttpRequest.newBuilder(URI.create(base
                    + "/loki/api/v1/query_range?query=" + q + "&start=" + T0 + "&end=" + (T0 + 3_600_000_000_000L)
                    + "&limit=5000")).header("X-Scope-OrgID", "acme").GET());
            assertEquals(200, r.statusCode(), () -> new String(r.body()));
            Set<String> found = new HashSet<>();
            for (JsonNode stream : Conformance.JSON.readTree(r.body()).path("data").path("result")) {
                for (JsonNode v : stream.get("values")) found.add(v.get(1).asText());
            }
            assertEquals(pushed, found);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private Process startSigyn(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.sigyn.server.Main", "-server.http-listen-port=" + port, "-server.http-listen-address=127.0.0.1",
                "-auth.enabled=true", "-validation.reject-old-samples=false", "-common.path-prefix=" + dataDir));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("sigyn-" + System.nanoTime() + ".log").toFile()).start();
    }

    private static void awaitReady(String base, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("Sigyn exited with " + p.exitValue());
            try {
                if (TestServer.send(base, HttpRequest.newBuilder(URI.create(base + "/ready")).GET()).statusCode() == 200) return;
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Sigyn not ready within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

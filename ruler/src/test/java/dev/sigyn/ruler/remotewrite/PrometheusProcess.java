package dev.sigyn.ruler.remotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package) run as a child process with its remote-write receiver on, on a free port and
 * its own storage; it can be stopped and started again on the same port and storage, to play an outage. A missing
 * binary fails the test with how to install it: the test must not pass without the real receiver.
 */
final class PrometheusProcess implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/bin/prometheus");

    private final Path bin;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Process process;

    private PrometheusProcess(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    static Path binary() {
        String env = System.getenv("SIGYN_PROMETHEUS");
        if (env != null && Files.isExecutable(Path.of(env))) return Path.of(env);
        for (String c : CANDIDATES) if (Files.isExecutable(Path.of(c))) return Path.of(c);
        throw new AssertionError("Prometheus not found at " + CANDIDATES + " (or $SIGYN_PROMETHEUS): install "
                + "Debian's package with `sudo apt-get install prometheus` (.ci/run does)");
    }

    static PrometheusProcess start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sigyn-prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
        PrometheusProcess p = new PrometheusProcess(binary(), dir, freePort());
        p.resume();
        return p;
    }

    /** Starts (again) on the same port and storage. */
    void resume() throws IOException, InterruptedException {
        process = new ProcessBuilder(bin.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile())).start();
        awaitReady();
    }

    /** Shuts Prometheus down gracefully (SIGTERM), keeping its storage. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    URI writeUrl() {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/write");
    }

    /** The raw samples of {@code selector} in the last 15 minutes, as [timestamp ms, value] pairs of one series. */
    List<double[]> rawSamples(String selector) throws IOException, InterruptedException {
        JsonNode result = query(selector + "[15m]");
        if (result.isEmpty()) return List.of();
        if (result.size() != 1) throw new AssertionError("expected one series for " + selector + ", got " + result);
        return java.util.stream.StreamSupport.stream(result.get(0).get("values").spliterator(), false)
                .map(v -> new double[] {Math.round(v.get(0).asDouble() * 1000), Double.parseDouble(v.get(1).asText())})
                .toList();
    }

    /** {@code /api/v1/query} at now: the result array. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + (System.currentTimeMillis() / 1000.0));
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new AssertionError("query " + promql + ": " + resp.statusCode() + " " + resp.body());
        return json.readTree(resp.body()).get("data").get("result");
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("prometheus.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                var resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (resp.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        stop();
        throw new AssertionError("Prometheus did not become ready; its log:\n" + log());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) stop();
    }
}

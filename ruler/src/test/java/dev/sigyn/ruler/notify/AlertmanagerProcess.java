package dev.sigyn.ruler.notify;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) run as a child process on a free port, routing
 * every alert to one webhook with a one-second group wait and interval. A missing binary fails the test with how to
 * install it: the test must not pass without the real receiver.
 */
final class AlertmanagerProcess implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager");

    private final Process process;
    private final Path dir;
    private final URI uri;

    private AlertmanagerProcess(Process process, Path dir, URI uri) {
        this.process = process;
        this.dir = dir;
        this.uri = uri;
    }

    static Path binary() {
        String env = System.getenv("SIGYN_ALERTMANAGER");
        if (env != null && Files.isExecutable(Path.of(env))) return Path.of(env);
        for (String c : CANDIDATES) if (Files.isExecutable(Path.of(c))) return Path.of(c);
        throw new AssertionError("Alertmanager not found at " + CANDIDATES + " (or $SIGYN_ALERTMANAGER): install "
                + "Debian's package with `sudo apt-get install prometheus-alertmanager` (.ci/run does)");
    }

    static AlertmanagerProcess start(URI webhook) throws IOException, InterruptedException {
        Path bin = binary();
        Path dir = Files.createTempDirectory("sigyn-alertmanager");
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: test
                  group_by: ['...']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                """.formatted(webhook + "/webhook"));
        int port = freePort();
        Process p = new ProcessBuilder(bin.toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        AlertmanagerProcess am = new AlertmanagerProcess(p, dir, URI.create("http://127.0.0.1:" + port));
        am.awaitReady();
        return am;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) break;
            try {
                var resp = http.send(HttpRequest.newBuilder(uri.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (resp.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new AssertionError("Alertmanager did not become ready; its log:\n"
                + Files.readString(dir.resolve("alertmanager.log")));
    }

    URI uri() {
        return uri;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}

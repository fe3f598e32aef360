package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.SigynConfig;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the server-wide settings change, seen from outside: where it listens, what it logs, where its data goes, how
 * long a shutdown waits, and which targets it refuses. Other settings have their probes beside the component they
 * govern (see the table in config's SettingsHonouredTest).
 */
class SettingProbesTest {
    @TempDir
    Path dir;

    private SigynConfig config(ServerConfig server) {
        SigynConfig d = SigynConfig.defaults();
        return d.withServer(server).withCommon(new CommonConfig(dir.resolve("data").toString(), d.common().storage()));
    }

    @Test
    void theServerListensOnItsHttpListenAddressAndPortOnly() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // 127.0.0.2 is a loopback address of its own on Linux: listening there is not listening on 127.0.0.1.
        try (SigynServer s = SigynServer.start(config(new ServerConfig("127.0.0.2", port, "warn")))) {
            assertEquals(port, s.port());
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.2:" + port + "/config")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    @Test
    void logLevelSetsWhatIsLogged() throws Exception {
        var sigyn = LoggerFactory.getLogger("dev.sigyn");
        try (TestServer s = TestServer.start(config(new ServerConfig("127.0.0.1", 0, "debug")))) {
            assertTrue(sigyn.isDebugEnabled());
        }
        try (TestServer s = TestServer.start(config(new ServerConfig("127.0.0.1", 0, "error")))) {
            assertFalse(sigyn.isWarnEnabled());
            assertTrue(sigyn.isErrorEnabled());
        } finally {
            LogLevel.set("warn");
        }
    }

    @Test
    void dataGoesUnderPathPrefix() throws Exception {
        pushAndFlush(config(new ServerConfig("127.0.0.1", 0, "warn")));
        assertTrue(hasFiles(dir.resolve("data/wal")), "the WAL under <path_prefix>/wal");
        assertTrue(hasFiles(dir.resolve("data/chunks")), "chunks under <path_prefix>/chunks");
    }

    @Test
    void theWalAndChunksGoWhereWalDirAndChunksDirectorySay() throws Exception {
        SigynConfig base = config(new ServerConfig("127.0.0.1", 0, "warn"));
        Path wal = dir.resolve("elsewhere/wal");
        Path chunks = dir.resolve("elsewhere/chunks");
        SigynConfig c = base.withIngester(base.ingester().withWalDir(wal.toString()))
                .withCommon(new CommonConfig(base.common().pathPrefix(), new CommonConfig.StorageConfig(
                        new CommonConfig.FilesystemConfig(chunks.toString()), base.common().storage().s3())));
        pushAndFlush(c);
        assertTrue(hasFiles(wal), "the WAL in ingester.wal.dir");
        assertTrue(hasFiles(chunks), "chunks in common.storage.filesystem.chunks_directory");
        assertFalse(Files.exists(dir.resolve("data/wal")) || Files.exists(dir.resolve("data/chunks")),
                "nothing under path_prefix");
    }

    private static void pushAndFlush(SigynConfig config) throws Exception {
        try (TestServer s = TestServer.start(config)) {
            String body = "{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[[\""
                    + System.currentTimeMillis() * 1_000_000L + "\",\"a line\"]]}]}";
            assertEquals(204, s.post("/loki/api/v1/push", null, body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json")).statusCode());
            assertEquals(204, s.post("/flush", null, new byte[0], Map.of()).statusCode());
        }
    }

    private static boolean hasFiles(Path directory) throws Exception {
        if (!Files.isDirectory(directory)) return false;
        try (var files = Files.walk(directory)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }

    @Test
    void aShutdownWaitsForRequestsInProgressUpToTheGracefulShutdownTimeout() throws Exception {
        assertTrue(closeWithARequestInProgress(Duration.ofMillis(200)).compareTo(Duration.ofMillis(1500)) < 0);
        assertTrue(closeWithARequestInProgress(Duration.ofSeconds(3)).compareTo(Duration.ofMillis(2500)) > 0);
    }

    /** How long closing the server takes while a push is still sending its body. */
    private Duration closeWithARequestInProgress(Duration grace) throws Exception {
        ServerConfig d = new ServerConfig("127.0.0.1", 0, "warn");
        TestServer s = TestServer.start(config(new ServerConfig(d.httpListenAddress(), 0, d.logLevel(),
                d.httpServerReadTimeout(), d.httpServerWriteTimeout(), d.httpServerIdleTimeout(), grace)));
        try (Socket client = new Socket("127.0.0.1", s.server.port())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /loki/api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"streams\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
            long start = System.nanoTime();
            s.close();
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}

package dev.sigyn.server;

import static dev.sigyn.server.CompactorTestSupport.HOUR;
import static dev.sigyn.server.CompactorTestSupport.lines;
import static dev.sigyn.server.CompactorTestSupport.nowNanos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.ConfigException;
import dev.sigyn.config.EncryptionConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.store.crypt.KeyEncryptionKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage_encryption.wal} on a real server: with it, nothing under the WAL directory reveals a pushed line, label
 * value or structured metadata, neither while the server runs (segments) nor after it stopped without flushing
 * (checkpoint); the lines come back from the replayed WAL after a crash, also across a key rotation. Nothing is ever
 * flushed, so every answer comes from the WAL.
 */
class WalEncryptionTest {
    private static final String TENANT = "acme";
    private static final String LABEL_VALUE = "wombat-saffron-3f2a";
    private static final String SELECTOR = "{app=\"" + LABEL_VALUE + "\"}";
    private static final String METADATA_VALUE = "trace-ocelot-51e0";
    private static final String SECRET_TEXT = "ibis-vermilion-9d0c ssn=078-05-1120";
    /** What must not be found in clear: a line's distinctive part, the label value and the metadata value. */
    private static final List<String> CLEAR_TEXTS = List.of("ibis-vermilion", LABEL_VALUE, METADATA_VALUE);

    @TempDir
    Path tmp;

    private Path newKeyFile(String name) throws Exception {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Path file = tmp.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(raw) + "\n");
        return file;
    }

    private static String keyId(Path file) throws Exception {
        return KeyEncryptionKey.parseBase64(Files.readString(file), file.toString()).idHex();
    }

    private static EncryptionConfig keys(Path current, Path... previous) {
        return new EncryptionConfig(current.toString(), "", Stream.of(previous).map(Path::toString).toList());
    }

    /** One data directory for every run; stopping does not flush, so the WAL keeps everything. */
    private SigynConfig config(EncryptionConfig encryption) {
        Path data = tmp.resolve("data");
        SigynConfig base = TestServer.conformanceConfig(data);
        return base.withCommon(new CommonConfig(data.toString(), new CommonConfig.StorageConfig(
                        new CommonConfig.FilesystemConfig(data.resolve("chunks").toString()),
                        CommonConfig.S3Config.defaults(), encryption)))
                .withIngester(base.ingester().withFlushOnShutdown(false));
    }

    private Path walDir() {
        return Path.of(config(EncryptionConfig.defaults()).walDirectory());
    }

    private static void push(TestServer server, long ts, String line) throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"app\":\"" + LABEL_VALUE + "\"},\"values\":[[\"" + ts + "\","
                + Conformance.JSON.writeValueAsString(line) + ",{\"trace_id\":\"" + METADATA_VALUE + "\"}]]}]}";
        HttpResponse<byte[]> r = server.post("/loki/api/v1/push", TENANT, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertEquals(204, r.statusCode(), () -> "push failed: " + new String(r.body()));
    }

    /** The WAL directory as a crash would leave it now: every acknowledged push is in it, fsynced. */
    private Path crashImage(String name) throws Exception {
        Path image = tmp.resolve(name);
        Files.createDirectories(image);
        for (Path f : walFiles(walDir())) Files.copy(f, image.resolve(f.getFileName()));
        return image;
    }

    /** Puts a crash image back as the WAL directory. */
    private void restore(Path image) throws Exception {
        for (Path f : walFiles(walDir())) Files.delete(f);
        for (Path f : walFiles(image)) Files.copy(f, walDir().resolve(f.getFileName()));
    }

    private static List<Path> walFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Every clear text found in a file under {@code dir}, as "file: text". */
    private static List<String> clearTextIn(Path dir) throws Exception {
        List<String> found = new ArrayList<>();
        for (Path f : walFiles(dir)) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String text : CLEAR_TEXTS) if (bytes.contains(text)) found.add(f.getFileName() + ": " + text);
        }
        return found;
    }

    private void assertNothingFlushed() throws Exception {
        Path chunks = tmp.resolve("data").resolve("chunks");
        assertTrue(!Files.exists(chunks) || walFiles(chunks).isEmpty(), "something was flushed: " + chunks);
    }

    @Test
    void withWalEncryptionNoWalFileHoldsLineTextOrLabelValuesAndTheLinesComeBackAfterACrash() throws Exception {
        Path key = newKeyFile("kek");
        SigynConfig config = config(keys(key).withWal(true));
        long ts = nowNanos() - HOUR;
        Path crash;
        try (TestServer server = TestServer.start(config)) {
            push(server, ts, SECRET_TEXT);
            crash = crashImage("crash");
        }
        assertNothingFlushed();
        assertTrue(walFiles(crash).stream().anyMatch(f -> f.toString().endsWith(".seg")), "no segment in the image");
        assertTrue(walFiles(walDir()).stream().anyMatch(f -> f.toString().endsWith(".ckp")),
                "stopping wrote no checkpoint");
        assertEquals(List.of(), clearTextIn(crash), "segments of the running server");
        assertEquals(List.of(), clearTextIn(walDir()), "the checkpoint and segment left by stopping");

        // After a stop without flushing, from the checkpoint...
        try (TestServer server = TestServer.start(config)) {
            assertEquals(List.of(SECRET_TEXT), lines(server, TENANT, SELECTOR, ts - HOUR, ts + HOUR));
        }
        // ...and after a crash, from the segments.
        restore(crash);
        try (TestServer server = TestServer.start(config)) {
            assertEquals(List.of(SECRET_TEXT), lines(server, TENANT, SELECTOR, ts - HOUR, ts + HOUR));
            assertEquals(List.of(SECRET_TEXT),
                    lines(server, TENANT, SELECTOR + " | trace_id=\"" + METADATA_VALUE + "\"", ts - HOUR, ts + HOUR));
        }
        assertNothingFlushed();
    }

    @Test
    void withoutWalEncryptionTheSameRunLeavesTheTextInClear() throws Exception {
        // The control: objects would be encrypted, the WAL is not, and the search above finds what it looks for.
        SigynConfig config = config(keys(newKeyFile("kek")));
        long ts = nowNanos() - HOUR;
        Path crash;
        try (TestServer server = TestServer.start(config)) {
            push(server, ts, SECRET_TEXT);
            crash = crashImage("crash");
        }
        assertTrue(clearTextIn(crash).containsAll(List.of("wal-0000000000000001.seg: ibis-vermilion",
                "wal-0000000000000001.seg: " + LABEL_VALUE, "wal-0000000000000001.seg: " + METADATA_VALUE)),
                clearTextIn(crash).toString());
        assertFalse(clearTextIn(walDir()).isEmpty(), "the checkpoint holds the stream in clear");
    }

    @Test
    void aWalWrittenPlainThenUnderARotatedKeyReplaysAndAMissingKeyStopsStartUpNamingIt() throws Exception {
        Path oldKey = newKeyFile("kek-2024");
        Path newKey = newKeyFile("kek-2025");
        long ts = nowNanos() - HOUR;
        Path image;
        // 1. The WAL in clear, before wal: true.
        try (TestServer server = TestServer.start(config(keys(oldKey)))) {
            push(server, ts, "written before WAL encryption");
            image = crashImage("crash-1");
        }
        restore(image);
        // 2. WAL encryption under the old key: the plain segment replays, a new one is encrypted.
        try (TestServer server = TestServer.start(config(keys(oldKey).withWal(true)))) {
            assertEquals(List.of("written before WAL encryption"), lines(server, TENANT, SELECTOR, ts - HOUR, ts + HOUR));
            push(server, ts + 1, "written under the old key");
            image = crashImage("crash-2");
        }
        restore(image);
        // 3. Rotation: the new key encrypts, the old one still reads the segment it wrote.
        try (TestServer server = TestServer.start(config(keys(newKey, oldKey).withWal(true)))) {
            push(server, ts + 2, "written under the new key");
            image = crashImage("crash-3");
        }
        restore(image);
        List<String> all = List.of("written before WAL encryption", "written under the old key",
                "written under the new key");

        // The old key retired too early: start-up fails naming it, and the WAL is left as it was.
        var e = assertThrows(ConfigException.class,
                () -> SigynServer.start(config(keys(newKey).withWal(true))));
        assertTrue(e.getMessage().contains(keyId(oldKey)) && e.getMessage().contains("not configured"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> SigynServer.start(config(EncryptionConfig.defaults())));
        assertTrue(e.getMessage().contains("is encrypted with key"), e.getMessage());

        try (TestServer server = TestServer.start(config(keys(newKey, oldKey).withWal(true)))) {
            assertEquals(all, lines(server, TENANT, SELECTOR, ts - HOUR, ts + HOUR));
        }
        assertNothingFlushed();
    }

    @Test
    void walEncryptionWithoutAKeyStopsStartUp() {
        var e = assertThrows(ConfigException.class,
                () -> SigynServer.start(config(EncryptionConfig.defaults().withWal(true))));
        assertTrue(e.getMessage().contains("wal: true needs a current key"), e.getMessage());
    }
}

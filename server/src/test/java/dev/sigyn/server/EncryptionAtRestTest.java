package dev.sigyn.server;

import static dev.sigyn.server.CompactorTestSupport.HOUR;
import static dev.sigyn.server.CompactorTestSupport.flush;
import static dev.sigyn.server.CompactorTestSupport.lines;
import static dev.sigyn.server.CompactorTestSupport.linesInChunkObjects;
import static dev.sigyn.server.CompactorTestSupport.nowNanos;
import static dev.sigyn.server.CompactorTestSupport.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.ConfigException;
import dev.sigyn.config.EncryptionConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.store.FileSystemBlobStore;
import dev.sigyn.store.crypt.EncryptingBlobStore;
import dev.sigyn.store.crypt.Envelope;
import dev.sigyn.store.crypt.KeyEncryptionKey;
import dev.sigyn.store.crypt.UnreadableObjectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage_encryption} on a real server: what it flushes reveals neither line text nor label values, is read
 * back only with the key, and stays readable across a key rotation. Each start uses an empty data directory (no WAL),
 * so every answer about flushed data comes from the object store.
 */
class EncryptionAtRestTest {
    private static final String TENANT = "acme";
    private static final String LABEL_VALUE = "okapi-marmalade-7c1e";
    private static final String STREAM = "{\"app\":\"" + LABEL_VALUE + "\"}";
    private static final String SELECTOR = "{app=\"" + LABEL_VALUE + "\"}";
    private static final String SECRET_TEXT = "zebra-quartz-4b9d card=4111111111111111";

    @TempDir
    Path tmp;

    private int starts;

    private Path newKeyFile(String name) throws Exception {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Path file = tmp.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(raw) + "\n");
        return file;
    }

    private static KeyEncryptionKey keyOf(Path file) throws Exception {
        return KeyEncryptionKey.parseBase64(Files.readString(file), file.toString());
    }

    private Path chunks() {
        return tmp.resolve("bucket");
    }

    /** The test configuration over a fresh data directory, all sharing one bucket directory. */
    private SigynConfig config(EncryptionConfig encryption) {
        Path data = tmp.resolve("data-" + (++starts));
        SigynConfig base = TestServer.conformanceConfig(data);
        return base.withCommon(new CommonConfig(data.toString(), new CommonConfig.StorageConfig(
                new CommonConfig.FilesystemConfig(chunks().toString()), CommonConfig.S3Config.defaults(),
                encryption)));
    }

    private static EncryptionConfig keyFile(Path current, Path... previous) {
        return new EncryptionConfig(current.toString(), "", Stream.of(previous).map(Path::toString).toList());
    }

    private void pushAndFlush(SigynConfig config, long ts, String line) throws Exception {
        try (TestServer server = TestServer.start(config)) {
            push(server, TENANT, STREAM, ts, line);
            flush(server);
        }
    }

    /** Every stored object (chunks, index files, anything else) with its bytes. */
    private Map<String, byte[]> storedObjects() throws Exception {
        var bucket = new FileSystemBlobStore(chunks());
        Map<String, byte[]> objects = new java.util.TreeMap<>();
        for (String key : bucket.list("")) objects.put(key, bucket.get(key));
        assertTrue(objects.keySet().stream().anyMatch(k -> k.startsWith("chunks/")), "no chunk was flushed");
        assertTrue(objects.keySet().stream().anyMatch(k -> k.startsWith("index/")), "no index file was flushed");
        return objects;
    }

    private static boolean contains(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void withoutEncryptionTheBucketRevealsLabelValuesAndLines() throws Exception {
        // The control: the same run unencrypted shows what the encrypted run must hide.
        pushAndFlush(config(EncryptionConfig.defaults()), nowNanos() - HOUR, SECRET_TEXT);
        Map<String, byte[]> objects = storedObjects();
        assertTrue(objects.entrySet().stream().anyMatch(e -> e.getKey().startsWith("index/")
                && contains(e.getValue(), LABEL_VALUE)), "index files hold label values in clear");
        assertEquals(List.of(SECRET_TEXT), linesInChunkObjects(new FileSystemBlobStore(chunks()), TENANT));
    }

    @Test
    void anEncryptedBucketRevealsNoTextAndIsReadableOnlyWithTheKey() throws Exception {
        Path key = newKeyFile("kek");
        long ts = nowNanos() - HOUR;
        pushAndFlush(config(keyFile(key)), ts, SECRET_TEXT);

        Map<String, byte[]> objects = storedObjects();
        for (var e : objects.entrySet()) {
            assertTrue(Envelope.isSealed(e.getValue()), e.getKey() + " is not encrypted");
            assertEquals(keyOf(key).idHex(), Envelope.keyIdOf(e.getValue()), e.getKey());
            assertFalse(contains(e.getValue(), LABEL_VALUE), e.getKey() + " reveals the label value");
            assertFalse(contains(e.getValue(), "zebra-quartz"), e.getKey() + " reveals the line");
        }
        // The format readers cannot make sense of a copied bucket...
        var copied = new FileSystemBlobStore(chunks());
        assertThrows(java.io.IOException.class, () -> linesInChunkObjects(copied, TENANT));
        // ...and the store without the key says which key it lacks.
        var withoutKey = new EncryptingBlobStore(copied, Optional.empty());
        String chunk = objects.keySet().stream().filter(k -> k.startsWith("chunks/")).findFirst().orElseThrow();
        var e = assertThrows(UnreadableObjectException.class, () -> withoutKey.get(chunk));
        assertTrue(e.getMessage().contains(keyOf(key).idHex()), e.getMessage());

        try (TestServer server = TestServer.start(config(keyFile(key)))) {
            assertEquals(List.of(SECRET_TEXT), lines(server, TENANT, SELECTOR, ts - HOUR, ts + HOUR));
            assertEquals(List.of(SECRET_TEXT), lines(server, TENANT, SELECTOR + " |= \"card=4111\"", ts - HOUR, ts + HOUR));
        }
    }

    @Test
    void afterAKeyRotationOldAndNewDataAreQueryableAndWithoutTheOldKeyOldDataFailsClearly() throws Exception {
        Path oldKey = newKeyFile("kek-2024");
        Path newKey = newKeyFile("kek-2025");
        long ts = nowNanos() - 2 * HOUR;
        pushAndFlush(config(keyFile(oldKey)), ts, "written under the old key");
        List<String> before = List.copyOf(storedObjects().keySet());

        // Rotation: the new key encrypts, the old one only decrypts.
        pushAndFlush(config(keyFile(newKey, oldKey)), ts + HOUR, "written under the new key");
        List<String> added = new ArrayList<>(storedObjects().keySet());
        added.removeAll(before);
        assertTrue(added.stream().anyMatch(k -> k.startsWith("chunks/")), "the second flush stored no chunk");
        var bucket = new FileSystemBlobStore(chunks());
        for (String k : added) assertEquals(keyOf(newKey).idHex(), Envelope.keyIdOf(bucket.get(k)), k);
        for (String k : before) assertEquals(keyOf(oldKey).idHex(), Envelope.keyIdOf(bucket.get(k)), k);

        try (TestServer server = TestServer.start(config(keyFile(newKey, oldKey)))) {
            assertEquals(List.of("written under the old key", "written under the new key"),
                    lines(server, TENANT, SELECTOR, ts - HOUR, ts + 2 * HOUR));
        }

        // The old key retired too early: the query fails, naming the key it needs, instead of answering wrongly.
        try (TestServer server = TestServer.start(config(keyFile(newKey)))) {
            HttpResponse<byte[]> r = server.get("/loki/api/v1/query_range?query="
                    + CompactorTestSupport.enc(SELECTOR) + "&start=" + (ts - HOUR) + "&end=" + (ts + 2 * HOUR)
                    + "&limit=100", TENANT);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertTrue(r.statusCode() >= 500, r.statusCode() + " " + body);
            assertTrue(body.contains(keyOf(oldKey).idHex()), body);
        }
    }

    @Test
    void aBadKeyFailsStartUpWithAClearMessage() throws Exception {
        Path shortKey = tmp.resolve("short");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        var e = assertThrows(ConfigException.class, () -> SigynServer.start(config(keyFile(shortKey))));
        assertTrue(e.getMessage().contains("storage_encryption.key_file " + shortKey + ": the key must be 32 bytes"),
                e.getMessage());
        Path missing = tmp.resolve("missing");
        e = assertThrows(ConfigException.class, () -> SigynServer.start(config(keyFile(missing))));
        assertTrue(e.getMessage().contains("cannot read the key file " + missing), e.getMessage());
    }
}

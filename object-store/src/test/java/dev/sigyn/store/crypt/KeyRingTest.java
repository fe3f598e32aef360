package dev.sigyn.store.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.EncryptionConfig;
import dev.sigyn.store.InMemoryBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How keys are named in the configuration, and the start-up errors a bad one gives. */
class KeyRingTest {
    @TempDir
    Path dir;

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static String failure(EncryptionConfig config, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> KeyRing.load(config, env::get)).getMessage();
    }

    @Test
    void noKeyMeansNoEncryption() {
        assertEquals(Optional.empty(), KeyRing.load(EncryptionConfig.defaults(), name -> null));
    }

    @Test
    void aKeyFromTheEnvironmentVariableKeyEnvNamesEncryptsAndDecrypts() throws Exception {
        var config = new EncryptionConfig("", "SIGYN_KEK", List.of());
        KeyRing ring = KeyRing.load(config, Map.of("SIGYN_KEK", KEY + "\n")::get).orElseThrow();
        var raw = new InMemoryBlobStore();
        var store = new EncryptingBlobStore(raw, Optional.of(ring));
        store.put("a", "text".getBytes());
        assertTrue(Envelope.isSealed(raw.get("a")));
        assertArrayEquals("text".getBytes(), store.get("a"));
        assertTrue(failure(config, Map.of()).contains("environment variable SIGYN_KEK is not set"));
    }

    @Test
    void keyFileAndPreviousKeyFilesAreRead() throws Exception {
        byte[] older = new byte[32];
        older[0] = 7;
        Path current = file("kek", KEY + "\n");
        Path previous = file("kek.old", Base64.getEncoder().encodeToString(older));
        var ring = KeyRing.load(new EncryptionConfig(current.toString(), "", List.of(previous.toString())),
                name -> null).orElseThrow();
        assertEquals(KeyEncryptionKey.of(new byte[32], "x").idHex(), ring.current().idHex());
        assertEquals(KeyEncryptionKey.of(older, "x").idHex(), ring.previous().getFirst().idHex());
    }

    @Test
    void aBadKeyFailsStartUpSayingWhatIsWrong() throws Exception {
        Map<String, String> none = Map.of();
        String shortKey = file("short", Base64.getEncoder().encodeToString(new byte[16])).toString();
        assertTrue(failure(new EncryptionConfig(shortKey, "", List.of()), none)
                .contains("must be 32 bytes, got 16"));
        String notBase64 = file("text", "this is not a key!").toString();
        assertTrue(failure(new EncryptionConfig(notBase64, "", List.of()), none).contains("not base64"));
        String missing = dir.resolve("missing").toString();
        assertTrue(failure(new EncryptionConfig(missing, "", List.of()), none)
                .contains("cannot read the key file " + missing));
        assertTrue(failure(new EncryptionConfig("", "", List.of(shortKey)), none)
                .contains("needs a current key"));
        String good = file("good", KEY).toString();
        assertTrue(failure(new EncryptionConfig(good, "K", List.of()), Map.of("K", KEY))
                .contains("not both"));
        assertTrue(failure(new EncryptionConfig(good, "", List.of(missing)), none)
                .contains("previous_key_files: cannot read"));
        assertTrue(failure(EncryptionConfig.defaults().withWal(true), none)
                .contains("storage_encryption: wal: true needs a current key"));
    }
}

package dev.sigyn.store.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.store.InMemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a user of the store sees: text in, the same text out, and nothing readable in the stored bytes. */
class EncryptingBlobStoreTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] LINE = "secret-line the password of alice is hunter2".getBytes(StandardCharsets.UTF_8);

    static KeyEncryptionKey newKey(String name) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return KeyEncryptionKey.of(raw, name);
    }

    private final InMemoryBlobStore raw = new InMemoryBlobStore();
    private final KeyEncryptionKey first = newKey("first");
    private final KeyEncryptionKey second = newKey("second");

    private EncryptingBlobStore with(KeyEncryptionKey current, KeyEncryptionKey... previous) {
        return new EncryptingBlobStore(raw, Optional.of(KeyRing.of(current, previous)));
    }

    @Test
    void objectsReadBackAsWrittenButAreStoredWithoutTheirText() throws Exception {
        var store = with(first);
        store.put("chunks/fake/a", LINE);
        assertArrayEquals(LINE, store.get("chunks/fake/a"));
        byte[] stored = raw.get("chunks/fake/a");
        assertEquals(LINE.length + Envelope.OVERHEAD, stored.length);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("hunter2"), "plain text in the store");
        assertEquals(first.idHex(), Envelope.keyIdOf(stored));
    }

    @Test
    void theSameBytesTwiceAreStoredDifferentlyEachTime() throws Exception {
        var store = with(first);
        store.put("a/1", LINE);
        byte[] once = raw.get("a/1");
        store.put("a/1", LINE);
        assertFalse(java.util.Arrays.equals(once, raw.get("a/1")), "a fresh data key and nonce per object");
    }

    @Test
    void emptyObjectsRoundTrip() throws Exception {
        var store = with(first);
        store.put("a/empty", new byte[0]);
        assertArrayEquals(new byte[0], store.get("a/empty"));
    }

    @Test
    void objectsWrittenBeforeEncryptionStayReadable() throws Exception {
        raw.put("chunks/fake/old", LINE);
        assertArrayEquals(LINE, with(first).get("chunks/fake/old"));
    }

    @Test
    void withoutAnyKeyAnEncryptedObjectFailsNamingItsKey() throws Exception {
        with(first).put("chunks/fake/a", LINE);
        var plain = new EncryptingBlobStore(raw, Optional.empty());
        var e = assertThrows(UnreadableObjectException.class, () -> plain.get("chunks/fake/a"));
        assertTrue(e.getMessage().contains(first.idHex()), e.getMessage());
        assertTrue(e.getMessage().contains("chunks/fake/a"), e.getMessage());
    }

    @Test
    void afterARotationOldAndNewObjectsAreReadableAndNewOnesUseTheNewKey() throws Exception {
        with(first).put("old", LINE);
        var rotated = with(second, first);
        rotated.put("new", LINE);
        assertArrayEquals(LINE, rotated.get("old"));
        assertArrayEquals(LINE, rotated.get("new"));
        assertEquals(first.idHex(), Envelope.keyIdOf(raw.get("old")));
        assertEquals(second.idHex(), Envelope.keyIdOf(raw.get("new")));
    }

    @Test
    void withTheOldKeyRemovedOldObjectsFailNamingTheMissingKey() throws Exception {
        with(first).put("old", LINE);
        var e = assertThrows(UnreadableObjectException.class, () -> with(second).get("old"));
        assertTrue(e.getMessage().contains("encrypted with key " + first.idHex() + ", which is not configured"),
                e.getMessage());
    }

    @Test
    void bytesMovedToAnotherKeyFailToOpen() throws Exception {
        var store = with(first);
        store.put("chunks/fake/a", LINE);
        raw.put("chunks/fake/b", raw.get("chunks/fake/a"));
        var e = assertThrows(UnreadableObjectException.class, () -> store.get("chunks/fake/b"));
        assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
    }

    @Test
    void alteredBytesFailToOpen() throws Exception {
        var store = with(first);
        store.put("a", LINE);
        for (int at : new int[] {Envelope.WRAPPED_DEK_AT, Envelope.HEADER_LENGTH + 3}) {
            byte[] stored = raw.get("a");
            byte[] altered = stored.clone();
            altered[at] ^= 1;
            raw.put("a", altered);
            assertThrows(UnreadableObjectException.class, () -> store.get("a"), "altered at " + at);
            raw.put("a", stored);
        }
        byte[] truncated = java.util.Arrays.copyOf(raw.get("a"), Envelope.HEADER_LENGTH);
        raw.put("a", truncated);
        var e = assertThrows(UnreadableObjectException.class, () -> store.get("a"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}

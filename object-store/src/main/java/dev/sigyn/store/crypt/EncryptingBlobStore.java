package dev.sigyn.store.crypt;

import dev.sigyn.store.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Encryption at rest for every writer at once: objects are sealed on the way into {@code inner} and opened on the way
 * out, so chunks, index files, delete requests and snapshots are encrypted without their writers knowing. Objects
 * written before encryption was turned on (no header) are read as they are. Without keys (encryption off) objects are
 * stored plain, and a sealed object fails to read with a message naming its key, rather than as garbage.
 */
public final class EncryptingBlobStore implements BlobStore, AutoCloseable {
    private final BlobStore inner;
    private final Optional<KeyRing> keys;

    public EncryptingBlobStore(BlobStore inner, Optional<KeyRing> keys) {
        this.inner = inner;
        this.keys = keys;
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] stored = inner.get(key);
        if (!Envelope.isSealed(stored)) return stored;
        if (keys.isEmpty()) {
            throw new UnreadableObjectException("object " + key + " is encrypted with key " + Envelope.keyIdOf(stored)
                    + ", but storage_encryption has no key configured");
        }
        return Envelope.open(keys.get(), key, stored);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        inner.put(key, keys.isPresent() ? Envelope.seal(keys.get().current(), key, data) : data);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        inner.delete(key);
    }

    @Override
    public void close() throws Exception {
        if (inner instanceof AutoCloseable c) c.close();
    }
}

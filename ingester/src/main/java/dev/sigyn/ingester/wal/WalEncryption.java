package dev.sigyn.ingester.wal;

import dev.sigyn.store.crypt.KeyEncryptionKey;
import dev.sigyn.store.crypt.KeyRing;

import java.util.Optional;

/**
 * The WAL's keys ({@code storage_encryption}): replay opens encrypted files with any key of {@code keys}, and when
 * {@code sealNewFiles} ({@code storage_encryption.wal}) new segments and checkpoints are encrypted with the current one.
 */
public record WalEncryption(Optional<KeyRing> keys, boolean sealNewFiles) {
    /** No keys: files are written plain, and an encrypted file stops replay naming its key. */
    public static final WalEncryption NONE = new WalEncryption(Optional.empty(), false);

    public WalEncryption {
        if (sealNewFiles && keys.isEmpty()) {
            throw new IllegalArgumentException("storage_encryption.wal needs a current key to encrypt the WAL with");
        }
    }

    /** The key new WAL files are encrypted with; empty when they are written plain. */
    public Optional<KeyEncryptionKey> sealingKey() {
        return sealNewFiles ? keys.map(KeyRing::current) : Optional.empty();
    }
}

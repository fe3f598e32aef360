package dev.sigyn.config;

import java.util.List;

/**
 * {@code storage_encryption:} block (Sigyn's own, Loki has none): envelope encryption of everything Sigyn writes to
 * object storage, and optionally of the WAL. Off unless a key is named.
 *
 * @param keyFile          {@code key_file}: file holding the current key-encryption key, 32 random bytes in base64
 * @param keyEnv           {@code key_env}: name of an environment variable holding that key instead of a file
 * @param previousKeyFiles {@code previous_key_files}: older keys, still able to decrypt what they encrypted
 * @param wal              {@code wal}: encrypt the write-ahead log's records with the current key too
 */
public record EncryptionConfig(String keyFile, String keyEnv, List<String> previousKeyFiles, boolean wal) {
    public EncryptionConfig {
        previousKeyFiles = List.copyOf(previousKeyFiles);
    }

    public static EncryptionConfig defaults() {
        return new EncryptionConfig("", "", List.of(), false);
    }

    /** True when a current key is named: then new objects are encrypted. */
    public boolean isEnabled() {
        return !keyFile.isBlank() || !keyEnv.isBlank();
    }
}

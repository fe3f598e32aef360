package dev.sigyn.config;

import java.util.List;

/**
 * {@code storage_encryption:} block (Sigyn's own, Loki has none): envelope encryption of everything Sigyn writes to
 * object storage, and optionally of the single binary's write-ahead log. Off unless a key is named (docs/security.md).
 *
 * @param keyFile          {@code key_file}: file holding the current key-encryption key, 32 random bytes in base64
 * @param keyEnv           {@code key_env}: name of an environment variable holding that key instead of a file
 * @param previousKeyFiles {@code previous_key_files}: older keys, still able to decrypt what they encrypted
 * @param wal              {@code wal}: encrypt the WAL's segments and checkpoints with the current key too
 */
public record EncryptionConfig(String keyFile, String keyEnv, List<String> previousKeyFiles, boolean wal) {
    public EncryptionConfig {
        previousKeyFiles = List.copyOf(previousKeyFiles);
    }

    /** Objects only, the WAL in clear. */
    public EncryptionConfig(String keyFile, String keyEnv, List<String> previousKeyFiles) {
        this(keyFile, keyEnv, previousKeyFiles, false);
    }

    public static EncryptionConfig defaults() {
        return new EncryptionConfig("", "", List.of(), false);
    }

    public EncryptionConfig withWal(boolean wal) {
        return new EncryptionConfig(keyFile, keyEnv, previousKeyFiles, wal);
    }

    /** True when a current key is named: then new objects are encrypted. */
    public boolean isEnabled() {
        return !keyFile.isBlank() || !keyEnv.isBlank();
    }
}

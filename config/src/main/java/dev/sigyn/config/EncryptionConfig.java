package dev.sigyn.config;

import java.util.List;

/**
 * {@code storage_encryption:} block (Sigyn's own, Loki has none): envelope encryption of everything Sigyn writes to
 * object storage. Off unless a key is named. The WAL is not encrypted (docs/security.md).
 *
 * @param keyFile          {@code key_file}: file holding the current key-encryption key, 32 random bytes in base64
 * @param keyEnv           {@code key_env}: name of an environment variable holding that key instead of a file
 * @param previousKeyFiles {@code previous_key_files}: older keys, still able to decrypt what they encrypted
 */
public record EncryptionConfig(String keyFile, String keyEnv, List<String> previousKeyFiles) {
    public EncryptionConfig {
        previousKeyFiles = List.copyOf(previousKeyFiles);
    }

    public static EncryptionConfig defaults() {
        return new EncryptionConfig("", "", List.of());
    }

    /** True when a current key is named: then new objects are encrypted. */
    public boolean isEnabled() {
        return !keyFile.isBlank() || !keyEnv.isBlank();
    }
}

package dev.sigyn.store.crypt;

import dev.sigyn.config.EncryptionConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys Sigyn holds: the current one, which encrypts everything new, and previous ones, which only decrypt what
 * they once encrypted (key rotation without rewriting old objects).
 */
public record KeyRing(KeyEncryptionKey current, List<KeyEncryptionKey> previous) {
    public KeyRing {
        previous = List.copyOf(previous);
    }

    public static KeyRing of(KeyEncryptionKey current, KeyEncryptionKey... previous) {
        return new KeyRing(current, List.of(previous));
    }

    /** The key whose id {@code data} holds at {@code offset}, if this ring has it. */
    public Optional<KeyEncryptionKey> byId(byte[] data, int offset) {
        if (current.hasId(data, offset)) return Optional.of(current);
        return previous.stream().filter(k -> k.hasId(data, offset)).findFirst();
    }

    /**
     * The keys {@code config} names, or empty when encryption is off. Every problem (no such file or variable, not
     * base64, not 32 bytes, two current keys, previous keys or WAL encryption without a current key) throws an
     * IllegalArgumentException whose message says what to fix, so start-up fails clearly.
     */
    public static Optional<KeyRing> load(EncryptionConfig config, Function<String, String> env) {
        if (!config.isEnabled()) {
            if (!config.previousKeyFiles().isEmpty()) {
                throw new IllegalArgumentException("storage_encryption: previous_key_files needs a current key"
                        + " in key_file or key_env");
            }
            if (config.wal()) {
                throw new IllegalArgumentException("storage_encryption: wal: true needs a current key in key_file or"
                        + " key_env to encrypt the write-ahead log with");
            }
            return Optional.empty();
        }
        if (!config.keyFile().isBlank() && !config.keyEnv().isBlank()) {
            throw new IllegalArgumentException("storage_encryption: set key_file or key_env, not both");
        }
        KeyEncryptionKey current;
        if (!config.keyFile().isBlank()) {
            current = fromFile(config.keyFile(), "storage_encryption.key_file");
        } else {
            String name = config.keyEnv();
            String value = env.apply(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("storage_encryption.key_env: the environment variable " + name
                        + " is not set or empty");
            }
            current = KeyEncryptionKey.parseBase64(value, "storage_encryption.key_env " + name);
        }
        List<KeyEncryptionKey> previous = new ArrayList<>();
        for (String file : config.previousKeyFiles()) {
            previous.add(fromFile(file, "storage_encryption.previous_key_files"));
        }
        return Optional.of(new KeyRing(current, previous));
    }

    private static KeyEncryptionKey fromFile(String file, String setting) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(setting + ": cannot read the key file " + file + ": " + e, e);
        }
        return KeyEncryptionKey.parseBase64(text, setting + " " + file);
    }
}

package dev.sigyn.store.crypt;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key-encryption key (KEK): 256 bits of AES key that wraps the per-object data keys. Its id, the first
 * {@link #ID_LENGTH} bytes of the SHA-256 of the key, is stored in every object it wraps, so a reader picks the right
 * key after a rotation and can name the one it lacks; the id reveals nothing usable about the key.
 */
public final class KeyEncryptionKey {
    public static final int LENGTH = 32;
    public static final int ID_LENGTH = 8;
    /** Bytes a wrapped data key takes: its nonce, the encrypted key and the GCM tag. */
    public static final int WRAPPED_LENGTH = AesGcm.NONCE_LENGTH + AesGcm.KEY_LENGTH + AesGcm.TAG_LENGTH;

    private final SecretKey key;
    private final byte[] id;
    private final String source;

    private KeyEncryptionKey(byte[] raw, String source) {
        this.key = new SecretKeySpec(raw, "AES");
        this.id = Arrays.copyOf(sha256(raw), ID_LENGTH);
        this.source = source;
    }

    /** The raw 32 bytes; {@code source} names where they came from in messages (never the key itself). */
    public static KeyEncryptionKey of(byte[] raw, String source) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException(source + ": the key must be " + LENGTH + " bytes, got " + raw.length
                    + " (make one with: head -c 32 /dev/urandom | base64)");
        }
        return new KeyEncryptionKey(raw.clone(), source);
    }

    /** A key written as base64 (surrounding white space ignored), as {@code head -c 32 /dev/urandom | base64} prints. */
    public static KeyEncryptionKey parseBase64(String text, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the key is not base64 (make one with: "
                    + "head -c 32 /dev/urandom | base64)");
        }
        return of(raw, source);
    }

    SecretKey secret() {
        return key;
    }

    /**
     * Wraps the data key {@code dek} into {@code out[at, at + WRAPPED_LENGTH)}: a random nonce, then the key encrypted
     * by AES-GCM authenticating {@code aad} (the parts in order, as one string), so that the wrapped key only opens in
     * the place it was written for.
     */
    public void wrap(byte[] dek, byte[] out, int at, byte[]... aad) {
        if (dek.length != AesGcm.KEY_LENGTH) throw new IllegalArgumentException("a data key is 32 bytes");
        System.arraycopy(AesGcm.randomBytes(AesGcm.NONCE_LENGTH), 0, out, at, AesGcm.NONCE_LENGTH);
        try {
            Cipher c = AesGcm.cipher(Cipher.ENCRYPT_MODE, key, out, at);
            for (byte[] part : aad) c.updateAAD(part);
            c.doFinal(dek, 0, dek.length, out, at + AesGcm.NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to wrap a data key: " + e, e);
        }
    }

    /**
     * The data key that {@link #wrap} wrote at {@code in[at]} with the same {@code aad}; throws
     * {@link javax.crypto.AEADBadTagException} when the bytes or the aad differ from what was wrapped.
     */
    public byte[] unwrap(byte[] in, int at, byte[]... aad) throws GeneralSecurityException {
        Cipher c = AesGcm.cipher(Cipher.DECRYPT_MODE, key, in, at);
        for (byte[] part : aad) c.updateAAD(part);
        return c.doFinal(in, at + AesGcm.NONCE_LENGTH, AesGcm.KEY_LENGTH + AesGcm.TAG_LENGTH);
    }

    /** The key's id, which files and objects it wraps keys for carry in clear. */
    public byte[] id() {
        return id.clone();
    }

    boolean hasId(byte[] data, int offset) {
        return Arrays.equals(id, 0, ID_LENGTH, data, offset, offset + ID_LENGTH);
    }

    /** The id in hex, as messages and docs show it. */
    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    /** Where the key came from: a file's path or an environment variable's name. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[id=" + idHex() + ", source=" + source + "]";
    }

    private static byte[] sha256(byte[] raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

package dev.sigyn.store.crypt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of one stored object (layout in docs/storage-format.md, "Encrypted objects"): a fresh random
 * 256-bit data key (DEK) encrypts the bytes with AES-GCM; the key-encryption key wraps the DEK with AES-GCM too. Both
 * authenticate the header and the object's key, so bytes moved to another key, or altered, fail to open instead of
 * reading as some other object.
 */
public final class Envelope {
    /** 0x8F cannot start UTF-8 text, and no format Sigyn stores begins with it: plain objects never look sealed. */
    static final byte[] MAGIC = {(byte) 0x8F, 'S', 'G', 'E'};
    static final byte VERSION = 1;
    static final int NONCE_LENGTH = AesGcm.NONCE_LENGTH;
    static final int TAG_LENGTH = AesGcm.TAG_LENGTH;
    static final int DEK_LENGTH = AesGcm.KEY_LENGTH;

    static final int VERSION_AT = MAGIC.length;
    static final int KEY_ID_AT = VERSION_AT + 1;
    static final int WRAP_NONCE_AT = KEY_ID_AT + KeyEncryptionKey.ID_LENGTH;
    static final int WRAPPED_DEK_AT = WRAP_NONCE_AT + NONCE_LENGTH;
    static final int DATA_NONCE_AT = WRAPPED_DEK_AT + DEK_LENGTH + TAG_LENGTH;
    /** Bytes before the ciphertext: 85. */
    public static final int HEADER_LENGTH = DATA_NONCE_AT + NONCE_LENGTH;
    /** What sealing adds to an object's size: the header and the data's GCM tag. */
    public static final int OVERHEAD = HEADER_LENGTH + TAG_LENGTH;

    private Envelope() {}

    /** True when {@code data} starts with the header of a sealed object (of any version). */
    public static boolean isSealed(byte[] data) {
        return data.length >= MAGIC.length && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The hex id of the key that sealed {@code data}, or "" when it is not sealed or too short to say. */
    public static String keyIdOf(byte[] data) {
        if (!isSealed(data) || data.length < WRAP_NONCE_AT) return "";
        return java.util.HexFormat.of().formatHex(data, KEY_ID_AT, WRAP_NONCE_AT);
    }

    /** {@code plain} sealed under {@code kek} for the object key {@code name}. */
    public static byte[] seal(KeyEncryptionKey kek, String name, byte[] plain) {
        byte[] dek = AesGcm.randomBytes(DEK_LENGTH);
        byte[] out = new byte[OVERHEAD + plain.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[VERSION_AT] = VERSION;
        System.arraycopy(kek.id(), 0, out, KEY_ID_AT, KeyEncryptionKey.ID_LENGTH);
        System.arraycopy(AesGcm.randomBytes(NONCE_LENGTH), 0, out, DATA_NONCE_AT, NONCE_LENGTH);
        try {
            kek.wrap(dek, out, WRAP_NONCE_AT, Arrays.copyOf(out, WRAP_NONCE_AT), utf8(name));
            Cipher data = AesGcm.cipher(Cipher.ENCRYPT_MODE, new SecretKeySpec(dek, "AES"), out, DATA_NONCE_AT);
            data.updateAAD(out, 0, HEADER_LENGTH);
            data.updateAAD(utf8(name));
            data.doFinal(plain, 0, plain.length, out, HEADER_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt: " + e, e);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
        return out;
    }

    /**
     * The plain bytes of the sealed object {@code sealed} stored under {@code name}; throws
     * {@link UnreadableObjectException} saying why when it cannot be opened with {@code keys}.
     */
    public static byte[] open(KeyRing keys, String name, byte[] sealed) throws UnreadableObjectException {
        if (sealed.length < OVERHEAD) {
            throw new UnreadableObjectException("object " + name + " is encrypted but truncated (" + sealed.length
                    + " bytes)");
        }
        if (sealed[VERSION_AT] != VERSION) {
            throw new UnreadableObjectException("object " + name + " is encrypted in format version "
                    + (sealed[VERSION_AT] & 0xFF) + ", which this Sigyn cannot read");
        }
        KeyEncryptionKey kek = keys.byId(sealed, KEY_ID_AT).orElseThrow(() -> new UnreadableObjectException(
                "object " + name + " is encrypted with key " + keyIdOf(sealed) + ", which is not configured"
                        + " (storage_encryption.key_file, key_env or previous_key_files)"));
        byte[] dek = null;
        try {
            dek = kek.unwrap(sealed, WRAP_NONCE_AT, Arrays.copyOf(sealed, WRAP_NONCE_AT), utf8(name));
            Cipher data = AesGcm.cipher(Cipher.DECRYPT_MODE, new SecretKeySpec(dek, "AES"), sealed, DATA_NONCE_AT);
            data.updateAAD(sealed, 0, HEADER_LENGTH);
            data.updateAAD(utf8(name));
            return data.doFinal(sealed, HEADER_LENGTH, sealed.length - HEADER_LENGTH);
        } catch (AEADBadTagException e) {
            throw new UnreadableObjectException("object " + name + " failed authentication with key " + kek.idHex()
                    + ": it was altered, or its bytes belong to another object key", e);
        } catch (GeneralSecurityException e) {
            throw new UnreadableObjectException("object " + name + " could not be decrypted: " + e, e);
        } finally {
            if (dek != null) Arrays.fill(dek, (byte) 0);
        }
    }

    private static byte[] utf8(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}

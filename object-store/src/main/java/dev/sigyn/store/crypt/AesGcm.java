package dev.sigyn.store.crypt;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM as every Sigyn encryption uses it (stored objects and WAL files): 256-bit keys, 96-bit nonces and
 * 128-bit tags, with the JDK's {@code javax.crypto}.
 */
public final class AesGcm {
    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {}

    /** {@code n} bytes from a SecureRandom: data keys and nonces. */
    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A cipher initialised for {@code mode} with the nonce {@code nonceIn[nonceAt, nonceAt + 12)}. */
    public static Cipher cipher(int mode, SecretKey key, byte[] nonceIn, int nonceAt) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(TRANSFORMATION);
        init(c, mode, key, nonceIn, nonceAt);
        return c;
    }

    /** Re-initialises {@code c} (one of {@link #cipher}'s) for one more message, so a hot path reuses it. */
    public static void init(Cipher c, int mode, SecretKey key, byte[] nonceIn, int nonceAt)
            throws GeneralSecurityException {
        c.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonceIn, nonceAt, NONCE_LENGTH));
    }
}

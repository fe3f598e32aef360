package dev.sigyn.ingester.wal;

import dev.sigyn.store.crypt.AesGcm;
import dev.sigyn.store.crypt.KeyEncryptionKey;
import dev.sigyn.store.crypt.KeyRing;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The data key of one encrypted WAL file (a segment or a checkpoint) and the nonces of its records (layout in
 * docs/wal.md, "Encrypted files"). The header holds the id of the key-encryption key, a random nonce prefix and the
 * file's random data key wrapped by that KEK, bound to the header and the file's number. Each frame's payload becomes
 * {@code type 6 | u64 counter | AES-GCM(plain payload) | tag}: the counter numbers the file's records from 0 and, after
 * the prefix, is the nonce, so no nonce repeats under a data key. Replay wants the counters in order, so a record
 * removed, repeated or moved inside a file fails like an altered one. Not thread-safe: the WAL seals under its lock.
 */
final class WalFileKey {
    static final byte TYPE_SEALED = 6;
    static final int PREFIX_LENGTH = 4;
    static final int COUNTER_BYTES = 8;
    static final int KEY_ID_AT = WalCodec.SEGMENT_MAGIC.length;
    static final int PREFIX_AT = KEY_ID_AT + KeyEncryptionKey.ID_LENGTH;
    static final int WRAPPED_AT = PREFIX_AT + PREFIX_LENGTH;
    /** Bytes of an encrypted file's header, magic included: 80. */
    static final int HEADER_LENGTH = WRAPPED_AT + KeyEncryptionKey.WRAPPED_LENGTH;
    /** What sealing adds to a frame: the type byte, the counter and the GCM tag. */
    static final int OVERHEAD = 1 + COUNTER_BYTES + AesGcm.TAG_LENGTH;

    private final SecretKeySpec dataKey;
    private final byte[] header;
    private final Cipher cipher;
    private final byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    /** The counter of the next record sealed or opened. */
    private long counter;

    private WalFileKey(byte[] dek, byte[] header) throws GeneralSecurityException {
        this.dataKey = new SecretKeySpec(dek, "AES");
        this.header = header;
        System.arraycopy(header, PREFIX_AT, nonce, 0, PREFIX_LENGTH);
        // Initialised with a throwaway nonce only to create it; every record re-initialises it with its own.
        this.cipher = AesGcm.cipher(Cipher.ENCRYPT_MODE, dataKey, new byte[AesGcm.NONCE_LENGTH], 0);
    }

    /** A fresh data key for the new file number {@code number} starting with {@code magic}, wrapped by {@code kek}. */
    static WalFileKey create(KeyEncryptionKey kek, byte[] magic, long number) {
        byte[] header = new byte[HEADER_LENGTH];
        System.arraycopy(magic, 0, header, 0, magic.length);
        System.arraycopy(kek.id(), 0, header, KEY_ID_AT, KeyEncryptionKey.ID_LENGTH);
        System.arraycopy(AesGcm.randomBytes(PREFIX_LENGTH), 0, header, PREFIX_AT, PREFIX_LENGTH);
        byte[] dek = AesGcm.randomBytes(AesGcm.KEY_LENGTH);
        try {
            kek.wrap(dek, header, WRAPPED_AT, Arrays.copyOf(header, WRAPPED_AT), numberBytes(number));
            return new WalFileKey(dek, header);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e, e);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    /**
     * The key of the file {@code file} numbered {@code number} whose whole header is {@code header}. Throws
     * {@link WalKeyMissingException} naming the key id when {@code keys} lacks its KEK, and
     * GeneralSecurityException when the header does not authenticate (altered, or renamed from another number).
     */
    static WalFileKey open(byte[] header, long number, Optional<KeyRing> keys, Path file)
            throws WalKeyMissingException, GeneralSecurityException {
        String id = keyIdOf(header);
        if (keys.isEmpty()) {
            throw new WalKeyMissingException("WAL file " + file + " is encrypted with key " + id
                    + ", but storage_encryption has no key configured; the WAL is not replayed without it", id);
        }
        KeyEncryptionKey kek = keys.get().byId(header, KEY_ID_AT).orElseThrow(() -> new WalKeyMissingException(
                "WAL file " + file + " is encrypted with key " + id + ", which is not configured"
                        + " (storage_encryption.key_file, key_env or previous_key_files); the WAL is not replayed"
                        + " without it", id));
        byte[] dek = kek.unwrap(header, WRAPPED_AT, Arrays.copyOf(header, WRAPPED_AT), numberBytes(number));
        try {
            return new WalFileKey(dek, header.clone());
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    static String keyIdOf(byte[] header) {
        return HexFormat.of().formatHex(header, KEY_ID_AT, KEY_ID_AT + KeyEncryptionKey.ID_LENGTH);
    }

    /** The file's header, to be written before its first frame. */
    byte[] header() {
        return header.clone();
    }

    /**
     * Writes the sealed frame of the plain payload {@code in[off, off + len)} (type byte first) to {@code out[at]};
     * returns its length, {@code FRAME_HEADER + OVERHEAD + len}.
     */
    int sealFrame(byte[] in, int off, int len, byte[] out, int at) {
        int p = at + WalCodec.FRAME_HEADER;
        out[p] = TYPE_SEALED;
        putLong(out, p + 1, counter);
        try {
            AesGcm.init(cipher, Cipher.ENCRYPT_MODE, dataKey, nonceOf(counter), 0);
            cipher.doFinal(in, off, len, out, p + 1 + COUNTER_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to encrypt a WAL record: " + e, e);
        }
        int payloadLen = OVERHEAD + len;
        WalCodec.putFrameHeader(out, at, payloadLen, WalCodec.crc(out, p, payloadLen));
        counter++;
        return WalCodec.FRAME_HEADER + payloadLen;
    }

    /** The sealed frame of the whole plain frame {@code frame} (its payload after its header). */
    byte[] sealFrame(byte[] frame) {
        int len = frame.length - WalCodec.FRAME_HEADER;
        byte[] out = new byte[WalCodec.FRAME_HEADER + OVERHEAD + len];
        sealFrame(frame, WalCodec.FRAME_HEADER, len, out, 0);
        return out;
    }

    /**
     * The plain payload of the next sealed payload of the file; throws GeneralSecurityException saying why when it
     * is not the next record or does not authenticate.
     */
    byte[] open(byte[] payload) throws GeneralSecurityException {
        if (payload.length < OVERHEAD || payload[0] != TYPE_SEALED) {
            throw new GeneralSecurityException("not an encrypted record in an encrypted file");
        }
        long c = getLong(payload, 1);
        if (c != counter) throw new GeneralSecurityException("encrypted record " + c + " where " + counter + " was due");
        AesGcm.init(cipher, Cipher.DECRYPT_MODE, dataKey, nonceOf(c), 0);
        byte[] plain;
        try {
            plain = cipher.doFinal(payload, 1 + COUNTER_BYTES, payload.length - 1 - COUNTER_BYTES);
        } catch (AEADBadTagException e) {
            throw new AEADBadTagException("encrypted record " + c + " fails authentication: it was altered");
        }
        counter++;
        return plain;
    }

    private byte[] nonceOf(long c) {
        putLong(nonce, PREFIX_LENGTH, c);
        return nonce;
    }

    private static byte[] numberBytes(long number) {
        byte[] b = new byte[8];
        putLong(b, 0, number);
        return b;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (56 - 8 * i));
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (b[at + i] & 0xFF);
        return v;
    }
}

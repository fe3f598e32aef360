package dev.sigyn.ingester.wal;

import dev.sigyn.store.crypt.KeyRing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the frames of a segment or checkpoint file one by one. A frame that is cut short, has an impossible length or
 * a wrong checksum is reported as {@link Damaged} with its offset, so the caller can truncate there; it is never
 * returned as data. In an encrypted file (see {@link #readHeader}) frames are returned decrypted, and one that does
 * not authenticate is {@link Damaged} too.
 */
final class FrameReader implements AutoCloseable {

    sealed interface Result permits Frame, End, Damaged {}

    /** A frame whose checksum matched; {@code payload[0]} is the record type. */
    record Frame(byte[] payload, long offset) implements Result {}

    /** The file ended exactly at a frame boundary. */
    record End(long offset) implements Result {}

    /** The bytes from {@code offset} on are not a valid frame. */
    record Damaged(long offset, String reason) implements Result {}

    /** How a file's header read. */
    sealed interface Header permits Readable, TooShort, NotAHeader {}

    /** The frames can be read; {@code keyId} is the hex id of the key the file is encrypted with, "" when plain. */
    record Readable(String keyId) implements Header {}

    /** The file ends inside its header: created by a crash before its header was written. */
    record TooShort() implements Header {}

    /** The file does not start with a header of its kind. */
    record NotAHeader(String reason) implements Header {}

    private final DataInputStream in;
    private final long fileSize;
    private long offset;
    /** The file's key when it is encrypted. */
    private WalFileKey key;

    FrameReader(Path file) throws IOException {
        this.fileSize = Files.size(file);
        InputStream raw = Files.newInputStream(file);
        this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 20));
    }

    /** Reads frames from bytes in memory (a snapshot fetched from the object store). */
    FrameReader(byte[] bytes) {
        this.fileSize = bytes.length;
        this.in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
    }

    long fileSize() { return fileSize; }

    /** Checks the file's 8-byte magic; false when the file is shorter or starts with other bytes. */
    boolean readMagic(byte[] magic) throws IOException {
        byte[] head = in.readNBytes(magic.length);
        offset += head.length;
        return Arrays.equals(head, magic);
    }

    /**
     * Reads the header of a file that starts with {@code plainMagic}, or with {@code sealedMagic} and the rest of an
     * encrypted header. Throws {@link WalKeyMissingException} when the file is encrypted with a key {@code keys}
     * lacks. {@code number} is the file's number, which an encrypted header is bound to.
     */
    Header readHeader(Path file, long number, byte[] plainMagic, byte[] sealedMagic, Optional<KeyRing> keys)
            throws IOException {
        byte[] magic = in.readNBytes(plainMagic.length);
        offset += magic.length;
        if (magic.length < plainMagic.length) return new TooShort();
        if (Arrays.equals(magic, plainMagic)) return new Readable("");
        if (!Arrays.equals(magic, sealedMagic)) return new NotAHeader("bad magic");
        byte[] header = Arrays.copyOf(magic, WalFileKey.HEADER_LENGTH);
        int rest = in.readNBytes(header, magic.length, header.length - magic.length);
        offset += rest;
        if (magic.length + rest < header.length) return new TooShort();
        try {
            key = WalFileKey.open(header, number, keys, file);
        } catch (GeneralSecurityException e) {
            return new NotAHeader("its data key fails authentication with key " + WalFileKey.keyIdOf(header)
                    + " (the header was altered, or the file renamed)");
        }
        return new Readable(WalFileKey.keyIdOf(header));
    }

    Result next() throws IOException {
        long start = offset;
        if (start == fileSize) return new End(start);
        if (fileSize - start < WalCodec.FRAME_HEADER) return new Damaged(start, "partial frame header");
        int len = in.readInt();
        int crc = in.readInt();
        offset += WalCodec.FRAME_HEADER;
        if (len < 1 || len > WalCodec.MAX_PAYLOAD) return new Damaged(start, "impossible record length " + len);
        if (fileSize - offset < len) return new Damaged(start, "partial record");
        byte[] payload = in.readNBytes(len);
        offset += payload.length;
        if (payload.length < len) return new Damaged(start, "partial record");
        if (WalCodec.crc(payload) != crc) return new Damaged(start, "checksum mismatch");
        if (key != null) {
            try {
                payload = key.open(payload);
            } catch (GeneralSecurityException e) {
                return new Damaged(start, e.getMessage());
            }
            if (payload.length == 0) return new Damaged(start, "empty encrypted record");
        }
        return new Frame(payload, start);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

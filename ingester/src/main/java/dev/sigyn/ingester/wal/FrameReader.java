package dev.sigyn.ingester.wal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the frames of a segment or checkpoint file one by one. A frame that is cut short, has an impossible length or
 * a wrong checksum is reported as {@link Damaged} with its offset, so the caller can truncate there; it is never
 * returned as data.
 */
final class FrameReader implements AutoCloseable {

    sealed interface Result permits Frame, End, Damaged {}

    /** A frame whose checksum matched; {@code payload[0]} is the record type. */
    record Frame(byte[] payload, long offset) implements Result {}

    /** The file ended exactly at a frame boundary. */
    record End(long offset) implements Result {}

    /** The bytes from {@code offset} on are not a valid frame. */
    record Damaged(long offset, String reason) implements Result {}

    private final DataInputStream in;
    private final long fileSize;
    private long offset;

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
        return new Frame(payload, start);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

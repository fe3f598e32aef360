package dev.sigyn.store.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the primitives Sigyn's storage formats are written with (big-endian, varints). */
public final class ByteSink {
    private byte[] buf;
    private int size;

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() { return size; }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] b) { writeBytes(b, 0, b.length); }

    public void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public void writeInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** Unsigned LEB128: 7 bits per byte, low bits first, high bit set on every byte but the last. */
    public void writeUvarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Zig-zag then unsigned varint, so small negative numbers stay short. */
    public void writeVarint(long v) {
        writeUvarint((v << 1) ^ (v >> 63));
    }

    /** A varint byte length followed by the UTF-8 bytes. */
    public void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeUvarint(b.length);
        writeBytes(b);
    }

    /** Overwrites four bytes at an earlier position (for lengths known only later). */
    public void setInt(int pos, int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
    }

    /** The internal array; only the first {@link #size()} bytes are meaningful. */
    public byte[] array() { return buf; }

    public byte[] toByteArray() { return Arrays.copyOf(buf, size); }

    private void ensure(int n) {
        if (size + n > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + n);
            if (want > Integer.MAX_VALUE - 8) throw new IllegalStateException("object larger than 2 GiB");
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}

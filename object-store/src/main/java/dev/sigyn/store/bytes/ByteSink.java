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

    /** A sink that writes into {@code buffer} (borrowed scratch space) from its start, growing into a copy if needed. */
    public static ByteSink over(byte[] buffer) {
        return new ByteSink(buffer);
    }

    private ByteSink(byte[] buffer) {
        buf = buffer;
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
        // The capacity check is ensure's, not one of its own: one growth branch shared by every write is profiled as
        // taken sooner than a second one that only a varint meeting the end of a buffer takes, which the JIT would
        // compile as a trap that throws the compiled encoders away the first time it is taken.
        ensure(uvarintSize(v));
        byte[] b = buf;
        int p = size;
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        size = p;
    }

    /** Bytes {@link #writeUvarint} writes for {@code v}: one per started 7 bits, at least one. */
    static int uvarintSize(long v) {
        return (63 - Long.numberOfLeadingZeros(v | 1)) / 7 + 1;
    }

    /** Zig-zag then unsigned varint, so small negative numbers stay short. */
    public void writeVarint(long v) {
        writeUvarint((v << 1) ^ (v >> 63));
    }

    /** A varint byte length followed by the UTF-8 bytes. */
    public void writeString(String s) {
        int n = s.length();
        // Label names and values are nearly always short ASCII: write the chars directly, without a byte[] copy.
        if (n < 0x80) {
            ensure(n + 1);
            byte[] b = buf;
            int p = size + 1;
            int i = 0;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) break;
                b[p + i] = (byte) c;
            }
            if (i == n) {
                b[size] = (byte) n;
                size = p + n;
                return;
            }
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeUvarint(bytes.length);
        writeBytes(bytes);
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

    /** Forgets the content but keeps the array, so one sink can be reused for many small objects. */
    public void clear() { size = 0; }

    /** Length of the internal array (callers that reuse a sink drop it when a rare huge object grew it). */
    public int capacity() { return buf.length; }

    private void ensure(int n) {
        if (size + n > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + n);
            if (want > Integer.MAX_VALUE - 8) throw new IllegalStateException("object larger than 2 GiB");
            buf = Arrays.copyOf(buf, (int) want);
        }
    }
}

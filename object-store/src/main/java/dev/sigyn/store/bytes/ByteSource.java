package dev.sigyn.store.bytes;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote, from {@code buf[pos, limit)}. Reading past the limit throws
 * {@link MalformedDataException}, so a truncated or corrupted object is reported, never misread silently.
 */
public final class ByteSource {
    private final byte[] buf;
    private int pos;
    private final int limit;

    public ByteSource(byte[] buf, int off, int limit) {
        this.buf = buf;
        this.pos = off;
        this.limit = limit;
    }

    public byte[] array() { return buf; }
    public int position() { return pos; }
    public int limit() { return limit; }
    public int remaining() { return limit - pos; }

    public void position(int p) {
        if (p < 0 || p > limit) throw new MalformedDataException("position " + p + " out of range");
        pos = p;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readInt() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long readLong() {
        return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
    }

    public long readUvarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
        throw new MalformedDataException("varint longer than 10 bytes");
    }

    /**
     * Reads a column of {@code n} unsigned varints into {@code out[0, n)}: the loop block decoding spends its time
     * in, so it keeps the position in a local and checks the limit once per value instead of once per byte.
     */
    public void readUvarints(long[] out, int n) {
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            if (limit - p < 10) { // near the end: the checked path
                pos = p;
                out[i] = readUvarint();
                p = pos;
                continue;
            }
            long v = b[p++];
            if (v < 0) {
                v &= 0x7F;
                int shift = 7;
                byte x;
                do {
                    if (shift > 63) throw new MalformedDataException("varint longer than 10 bytes");
                    x = b[p++];
                    v |= (long) (x & 0x7F) << shift;
                    shift += 7;
                } while (x < 0);
            }
            out[i] = v;
        }
        pos = p;
    }

    /** Like {@link #readUvarints} for values that must fit a non-negative int (a column of lengths). */
    public void readCounts(int[] out, int n) {
        long[] values = new long[Math.min(n, 256)];
        for (int done = 0; done < n; done += values.length) {
            int k = Math.min(values.length, n - done);
            readUvarints(values, k);
            for (int i = 0; i < k; i++) {
                long v = values[i];
                if (v < 0 || v > Integer.MAX_VALUE) throw new MalformedDataException("count out of range: " + v);
                out[done + i] = (int) v;
            }
        }
    }

    /** An unsigned varint that must fit a non-negative int (counts, lengths, references). */
    public int readCount() {
        long v = readUvarint();
        if (v < 0 || v > Integer.MAX_VALUE) throw new MalformedDataException("count out of range: " + v);
        return (int) v;
    }

    public long readVarint() {
        return zigZagDecode(readUvarint());
    }

    /** The signed value a zig-zag encoded varint holds ({@link ByteSink#writeVarint}'s inverse). */
    public static long zigZagDecode(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    public String readString() {
        int len = readCount();
        need(len);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    private void need(int n) {
        if (n < 0 || limit - pos < n) throw new MalformedDataException("unexpected end of data");
    }
}

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
        if (limit - pos >= 10) { // the common case: no bounds check per byte (block columns are long runs of varints)
            long v = 0;
            int p = pos;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[p++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    pos = p;
                    return v;
                }
            }
            throw new MalformedDataException("varint longer than 10 bytes");
        }
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) return v;
        }
        throw new MalformedDataException("varint longer than 10 bytes");
    }

    /** An unsigned varint that must fit a non-negative int (counts, lengths, references). */
    public int readCount() {
        long v = readUvarint();
        if (v < 0 || v > Integer.MAX_VALUE) throw new MalformedDataException("count out of range: " + v);
        return (int) v;
    }

    public long readVarint() {
        long v = readUvarint();
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

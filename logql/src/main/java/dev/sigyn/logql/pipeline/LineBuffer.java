package dev.sigyn.logql.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The current log line as UTF-8 bytes: {@code bytes()[0..length())}. Reused from line to line; formatters and
 * {@code unpack} replace its content. The array may be the caller's own (see {@link #wrap}), so stages never
 * write into it: they {@link #set} new content, which copies into a buffer owned by this object.
 */
public final class LineBuffer {
    private byte[] bytes;
    private int length;
    /** The length of the line as the pipeline received it, before any stage replaced it. */
    private int lengthAsRead;
    private byte[] owned = new byte[256];

    public LineBuffer() {
        this.bytes = owned;
    }

    /** Points at the caller's bytes without copying. */
    public void wrap(byte[] line, int length) {
        this.bytes = line;
        this.length = length;
        this.lengthAsRead = length;
    }

    /** Replaces the content with a copy of {@code src[off..off+len)}. */
    public void set(byte[] src, int off, int len) {
        if (owned.length < len) owned = new byte[Math.max(len, owned.length * 2)];
        System.arraycopy(src, off, owned, 0, len);
        bytes = owned;
        length = len;
    }

    public void set(String line) {
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        set(utf8, 0, utf8.length);
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** The length in bytes of the line as read, before formatters replaced it. */
    public int lengthAsRead() {
        return lengthAsRead;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}

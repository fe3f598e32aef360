package dev.sigyn.querier.store;

import java.util.Arrays;

/**
 * Drops repeats of an entry (same timestamp, same line) in a run of entries sorted by time, where repeats are
 * neighbours in time: it remembers only the lines of the current timestamp, copied into reused buffers.
 */
final class SameTimeRepeats {
    private long ts = Long.MIN_VALUE;
    private byte[][] lines = new byte[4][];
    private int[] lengths = new int[4];
    private int count;

    /** True when this line was already seen at this timestamp; otherwise remembers it. */
    boolean seen(long timestampNanos, byte[] buf, int off, int len) {
        if (timestampNanos != ts) {
            ts = timestampNanos;
            count = 0;
        } else {
            for (int i = 0; i < count; i++) {
                if (Arrays.equals(lines[i], 0, lengths[i], buf, off, off + len)) return true;
            }
        }
        if (count == lines.length) {
            lines = Arrays.copyOf(lines, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        if (lines[count] == null || lines[count].length < len) lines[count] = new byte[Math.max(len, 64)];
        System.arraycopy(buf, off, lines[count], 0, len);
        lengths[count++] = len;
        return false;
    }
}

package dev.sigyn.logql.filter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Finds a fixed byte sequence in byte slices, optionally ignoring ASCII case.
 *
 * <p>A plain byte loop runs at about 1 GB/s; this one reads 8 bytes at a time and tests 8 candidate start positions
 * at once by comparing the needle's first and last bytes (SWAR), then confirms candidates with the JDK's vectorised
 * {@link Arrays#equals(byte[], int, int, byte[], int, int)}. Immutable and thread-safe. Public so that parsers
 * (the pattern parser's literals) search lines the same way filters do.
 */
public final class SubstringFinder {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long ASCII_CASE_BITS = 0x2020202020202020L;

    private final byte[] needle;
    private final boolean ignoreAsciiCase;
    private final long firstBytes;
    private final long lastBytes;
    private final long firstFold;
    private final long lastFold;

    /** A finder for a non-empty needle; with {@code ignoreAsciiCase}, ASCII letters match either case. */
    public SubstringFinder(byte[] needle, boolean ignoreAsciiCase) {
        if (needle.length == 0) throw new IllegalArgumentException("empty needle");
        this.needle = needle.clone();
        this.ignoreAsciiCase = ignoreAsciiCase;
        if (ignoreAsciiCase) {
            for (int i = 0; i < this.needle.length; i++) this.needle[i] = lower(this.needle[i]);
        }
        byte first = this.needle[0];
        byte last = this.needle[this.needle.length - 1];
        firstBytes = (first & 0xFFL) * ONES;
        lastBytes = (last & 0xFFL) * ONES;
        // OR-ing 0x20 lower-cases ASCII letters; only applied where the needle byte is a letter.
        firstFold = ignoreAsciiCase && isAsciiLetter(first) ? ASCII_CASE_BITS : 0;
        lastFold = ignoreAsciiCase && isAsciiLetter(last) ? ASCII_CASE_BITS : 0;
    }

    public int length() {
        return needle.length;
    }

    /** Index of the first occurrence within {@code hay[from, to)}, or -1. */
    public int indexOf(byte[] hay, int from, int to) {
        int n = needle.length;
        int lastStart = to - n;
        int i = from;
        // Each step reads hay[i, i+8) and hay[i+n-1, i+n+7), so 8 start positions i..i+7 are tested. Lines are
        // usually slices of a larger block buffer: the words may then run past `to` (never past the array), and
        // start positions after lastStart are masked out, so most lines need no byte-by-byte tail.
        while (i <= lastStart && i + n + 7 <= hay.length) {
            long firstDiff = ((long) LONGS.get(hay, i) | firstFold) ^ firstBytes;
            long lastDiff = ((long) LONGS.get(hay, i + n - 1) | lastFold) ^ lastBytes;
            long candidates = zeroBytes(firstDiff) & zeroBytes(lastDiff);
            int valid = lastStart - i + 1;
            if (valid < 8) candidates &= (1L << (valid << 3)) - 1;
            while (candidates != 0) {
                int at = i + (Long.numberOfTrailingZeros(candidates) >>> 3);
                if (matchesAt(hay, at)) return at;
                candidates &= candidates - 1;
            }
            i += 8;
        }
        // The end of the array: test the first byte before comparing the whole needle.
        byte first = needle[0];
        for (; i <= lastStart; i++) {
            byte b = ignoreAsciiCase ? lower(hay[i]) : hay[i];
            if (b == first && matchesAt(hay, i)) return i;
        }
        return -1;
    }

    private boolean matchesAt(byte[] hay, int at) {
        int n = needle.length;
        if (!ignoreAsciiCase) return Arrays.equals(hay, at, at + n, needle, 0, n);
        for (int j = 0; j < n; j++) {
            if (lower(hay[at + j]) != needle[j]) return false;
        }
        return true;
    }

    /** The high bit of each byte of {@code x} that is zero is set; all other bits are clear. */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** True when {@code buf[off, off+len)} holds a byte outside ASCII. */
    static boolean hasNonAscii(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            if (((long) LONGS.get(buf, i) & 0x8080808080808080L) != 0) return true;
        }
        for (; i < end; i++) {
            if (buf[i] < 0) return true;
        }
        return false;
    }

    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b | 0x20) : b;
    }

    static boolean isAsciiLetter(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }
}

package dev.sigyn.store.chunk;

import java.util.ArrayDeque;

/**
 * Byte arrays for decompressed blocks, lent while a block's entries are visited and handed back by
 * {@link DecodedRun#release()}. A log query decompresses tens of megabytes in blocks of a few hundred kilobytes: a
 * fresh array is zeroed by the JVM before zstd writes it again, and is cold in the CPU caches, which made
 * decompression about 15% slower than into a reused array. The most recently returned array is lent first (it is
 * the likeliest to still be in a cache). Thread-safe.
 */
final class BlockBuffers {
    private static final int KEPT = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    /** Arrays beyond this are left to the garbage collector (a rare huge block must not pin its memory). */
    private static final int MAX_KEPT_BYTES = 4 << 20;
    /** New arrays are rounded up to this, so that the next, slightly larger block fits too. */
    private static final int GRAIN = 64 << 10;
    private static final ArrayDeque<byte[]> FREE = new ArrayDeque<>();

    private BlockBuffers() {}

    /** An array of at least {@code size} bytes; its content is undefined. */
    static byte[] borrow(int size) {
        byte[] b;
        synchronized (FREE) {
            b = FREE.pollLast();
        }
        if (b != null && b.length >= size) return b;
        long rounded = ((long) size + GRAIN - 1) / GRAIN * GRAIN;
        return new byte[(int) Math.min(rounded, Integer.MAX_VALUE - 8)];
    }

    /** Takes back an array from {@link #borrow}; nothing may read or write it afterwards. */
    static void giveBack(byte[] b) {
        if (b.length > MAX_KEPT_BYTES) return;
        synchronized (FREE) {
            if (FREE.size() < KEPT) FREE.addLast(b);
        }
    }
}

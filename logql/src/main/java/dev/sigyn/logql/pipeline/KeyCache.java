package dev.sigyn.logql.pipeline;

import java.util.Arrays;

/**
 * Maps the raw bytes of a key (as found in a line) to what a parser derives from it (its label name, whether the
 * query needs it), so that this is worked out once per query rather than once per line. Bounded: when full, it
 * stops remembering new keys. Not thread-safe (one per parser instance).
 */
final class KeyCache<T> {
    private static final int CAPACITY = 1024;

    /** Derives the value of a key seen for the first time. */
    @FunctionalInterface
    interface Loader<T> {
        T load(byte[] buf, int from, int to);
    }

    private final Loader<T> loader;
    private final byte[][] keys = new byte[CAPACITY * 2][];
    private final Object[] values = new Object[CAPACITY * 2];
    private int size;

    KeyCache(Loader<T> loader) {
        this.loader = loader;
    }

    @SuppressWarnings("unchecked")
    T get(byte[] buf, int from, int to) {
        int mask = keys.length - 1;
        int slot = hash(buf, from, to) & mask;
        int length = to - from;
        while (keys[slot] != null) {
            byte[] key = keys[slot];
            if (key.length == length && Arrays.equals(key, 0, length, buf, from, to)) return (T) values[slot];
            slot = (slot + 1) & mask;
        }
        T value = loader.load(buf, from, to);
        if (size < CAPACITY) {
            keys[slot] = Arrays.copyOfRange(buf, from, to);
            values[slot] = value;
            size++;
        }
        return value;
    }

    private static int hash(byte[] buf, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) h = (h ^ buf[i]) * 0x01000193;
        return h ^ (h >>> 16);
    }
}

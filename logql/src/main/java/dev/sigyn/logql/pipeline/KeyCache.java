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
    /**
     * Per slot, 1 + the slot looked up right after it last time (0: none yet). Lines of a stream mostly repeat their
     * keys in the same order, so the next key is usually that one: compared directly, without hashing or probing.
     */
    private final int[] follows = new int[CAPACITY * 2];
    /** The slot of the previous lookup, or -1. */
    private int previous = -1;
    private int size;

    KeyCache(Loader<T> loader) {
        this.loader = loader;
    }

    @SuppressWarnings("unchecked")
    T get(byte[] buf, int from, int to) {
        if (previous >= 0) {
            int guess = follows[previous] - 1;
            if (guess >= 0 && sameKey(keys[guess], buf, from, to)) {
                previous = guess;
                return (T) values[guess];
            }
        }
        int mask = keys.length - 1;
        int slot = hash(buf, from, to) & mask;
        while (keys[slot] != null) {
            if (sameKey(keys[slot], buf, from, to)) return (T) remember(slot);
            slot = (slot + 1) & mask;
        }
        T value = loader.load(buf, from, to);
        if (size < CAPACITY) {
            keys[slot] = Arrays.copyOfRange(buf, from, to);
            values[slot] = value;
            size++;
            remember(slot);
        } else {
            previous = -1;
        }
        return value;
    }

    /** Records that {@code slot} followed the previous lookup; returns its value. */
    private Object remember(int slot) {
        if (previous >= 0) follows[previous] = slot + 1;
        previous = slot;
        return values[slot];
    }

    private static boolean sameKey(byte[] key, byte[] buf, int from, int to) {
        int length = to - from;
        if (key.length != length) return false;
        if (length > 16) return Arrays.equals(key, 0, length, buf, from, to);
        for (int i = 0; i < length; i++) if (key[i] != buf[from + i]) return false; // short keys: no call
        return true;
    }

    private static int hash(byte[] buf, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) h = (h ^ buf[i]) * 0x01000193;
        return h ^ (h >>> 16);
    }
}

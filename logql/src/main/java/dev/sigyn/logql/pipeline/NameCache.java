package dev.sigyn.logql.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps the raw bytes of a key (as found in a line) to its label name String, so that a parser builds each name
 * once per query rather than once per line. Bounded: when full, it stops remembering new keys.
 */
final class NameCache {
    private static final int CAPACITY = 1024;
    private final byte[][] keys = new byte[CAPACITY * 2][];
    private final String[] names = new String[CAPACITY * 2];
    private int size;

    /** Produces the name for a key seen for the first time. */
    @FunctionalInterface
    interface Namer {
        String name(byte[] buf, int from, int to);
    }

    /** Sanitised label names of raw keys. */
    static final Namer SANITIZED = (buf, from, to) ->
            LabelNames.sanitize(new String(buf, from, to - from, StandardCharsets.UTF_8));

    String get(byte[] buf, int from, int to, Namer namer) {
        int mask = keys.length - 1;
        int slot = hash(buf, from, to) & mask;
        while (keys[slot] != null) {
            if (Arrays.equals(keys[slot], 0, keys[slot].length, buf, from, to)) return names[slot];
            slot = (slot + 1) & mask;
        }
        String name = namer.name(buf, from, to);
        if (size < CAPACITY) {
            keys[slot] = Arrays.copyOfRange(buf, from, to);
            names[slot] = name;
            size++;
        }
        return name;
    }

    private static int hash(byte[] buf, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) h = (h ^ buf[i]) * 0x01000193;
        return h ^ (h >>> 16);
    }
}

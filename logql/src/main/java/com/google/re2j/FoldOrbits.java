package com.google.re2j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Closes the case-fold orbits of RE2/J (1.8) that the JDK's newer Unicode data leaves open. RE2/J folds the case of a
 * rune by following {@link Unicode#simpleFold} until it comes back to that rune; its orbit table predates Unicode 9,
 * and for runes it lacks it steps through the JDK's upper and lower case. On JDK 25 U+1C80 to U+1C88 (Cyrillic letter
 * variants) step to В, Д, О... whose two-rune orbit never leads back: a case-insensitive regex holding one of them
 * never finished compiling, and held its thread for good.
 *
 * <p>Each such rune is joined to the orbit it reaches, in ascending order as Go's tables have it (В → в → ᲀ → В), so
 * that {@code (?i)в} matches ᲀ as in Loki; where that orbit lies beyond RE2/J's table, the rune folds to itself only.
 * RE2/J's table is changed in place, once, before the first user regex is compiled ({@code UserRegex}).
 */
public final class FoldOrbits {
    /** Longer than any real orbit (the longest has four runes). */
    private static final int MAX_STEPS = 64;
    private static boolean closed;

    private FoldOrbits() {
    }

    /** Repairs the open orbits, the first time it is called. Returns how many runes were repaired. */
    public static synchronized int close() {
        if (closed) return 0;
        closed = true;
        char[] table = UnicodeTables.CASE_ORBIT;
        // Open runes grouped by the cycle they end in (keyed by its smallest rune), with that cycle's runes.
        Map<Integer, TreeSet<Integer>> merged = new TreeMap<>();
        List<Integer> open = new ArrayList<>();
        for (int r = Unicode.MIN_FOLD; r <= Unicode.MAX_FOLD; r++) {
            if (returnsTo(r)) continue;
            open.add(r);
            List<Integer> cycle = cycleReachedFrom(r);
            merged.computeIfAbsent(cycle.stream().min(Integer::compare).orElseThrow(), k -> new TreeSet<>(cycle)).add(r);
        }
        for (TreeSet<Integer> orbit : merged.values()) {
            if (orbit.last() < table.length) {
                Integer first = orbit.first();
                for (Integer rune : orbit) {
                    Integer next = orbit.higher(rune);
                    table[rune] = (char) (int) (next == null ? first : next);
                }
            } else {
                for (Integer rune : orbit) if (open.contains(rune) && rune < table.length) table[rune] = (char) (int) rune;
            }
        }
        for (int r : open) {
            if (!returnsTo(r)) throw new IllegalStateException("case-fold orbit of U+" + Integer.toHexString(r) + " still open");
        }
        return open.size();
    }

    private static boolean returnsTo(int rune) {
        int r = rune;
        for (int i = 0; i < MAX_STEPS; i++) {
            r = Unicode.simpleFold(r);
            if (r == rune) return true;
        }
        return false;
    }

    /** The runes of the cycle that following simpleFold from {@code rune} ends in. */
    private static List<Integer> cycleReachedFrom(int rune) {
        List<Integer> path = new ArrayList<>();
        int r = rune;
        for (int i = 0; i < MAX_STEPS && !path.contains(r); i++) {
            path.add(r);
            r = Unicode.simpleFold(r);
        }
        return new ArrayList<>(path.subList(path.indexOf(r), path.size()));
    }
}

package dev.sigyn.logql.pipeline;

import java.util.HashSet;
import java.util.Set;

/**
 * A cheap test on a key's raw bytes that rules out most keys a query never reads, before a parser looks the key up
 * in its {@link KeyCache}: a plain ASCII key's sanitised name has a known length and last character, so a key whose
 * length or last character no needed name has cannot be needed. Keys it cannot rule out (non-ASCII ones, or when
 * every label is needed) go through the full lookup, which stays the authority.
 */
final class NeededKeyFilter {
    private static final int MAX_LENGTH = 63;

    /** Bit {@code n} set: some candidate name has {@code n} characters. Null: nothing can be ruled out. */
    private final long lengths;
    /** Bit {@code c} set (c < 128): some candidate name ends with ASCII character {@code c}. */
    private final long lastLow, lastHigh;
    private final boolean active;

    /** @param needed the labels the query uses, or null for all */
    NeededKeyFilter(Set<String> needed) {
        long len = 0, low = 0, high = 0;
        boolean ok = needed != null;
        if (ok) {
            for (String name : candidates(needed)) {
                if (name.isEmpty() || name.length() > MAX_LENGTH) {
                    ok = false;
                    break;
                }
                len |= 1L << name.length();
                char last = name.charAt(name.length() - 1);
                if (last >= 128) {
                    ok = false;
                    break;
                }
                if (last < 64) low |= 1L << last;
                else high |= 1L << (last - 64);
            }
        }
        this.active = ok;
        this.lengths = len;
        this.lastLow = low;
        this.lastHigh = high;
    }

    /**
     * The sanitised names under which an extracted key can be needed: each needed name, its {@code _extracted}
     * form (the key clashes with the stream) and, for a needed {@code x_extracted}, {@code x} itself.
     */
    private static Set<String> candidates(Set<String> needed) {
        Set<String> out = new HashSet<>();
        for (String n : needed) {
            out.add(n);
            out.add(n + LabelsBuilder.DUPLICATE_SUFFIX);
            if (n.endsWith(LabelsBuilder.DUPLICATE_SUFFIX)) {
                out.add(n.substring(0, n.length() - LabelsBuilder.DUPLICATE_SUFFIX.length()));
            }
        }
        return out;
    }

    /**
     * False only when the key {@code buf[from..to)} is surely not needed. {@code ascii}: the key has no byte above
     * 0x7f; it must have no blanks either (parsers end keys at blanks).
     */
    boolean mayBeNeeded(byte[] buf, int from, int to, boolean ascii) {
        if (!active || !ascii || from >= to) return true;
        int first = buf[from];
        // Sanitisation prefixes a leading digit with '_' and maps every other non-name character to '_'.
        int length = to - from + (first >= '0' && first <= '9' ? 1 : 0);
        if (length > MAX_LENGTH || (lengths & (1L << length)) == 0) return false;
        int last = buf[to - 1];
        if (!LabelNames.isNameChar(last)) last = '_';
        long bits = last < 64 ? lastLow : lastHigh;
        return (bits & (1L << (last & 63))) != 0;
    }
}

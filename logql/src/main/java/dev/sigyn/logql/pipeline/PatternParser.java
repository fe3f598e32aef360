package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.filter.PatternParts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code | pattern "<ip> - <_> [<ts>] ..."}: literals and captures ({@code <name>}, or {@code <_>} to skip). With
 * Loki's matching rules: a leading literal must start the line; each capture runs up to the next occurrence of the
 * literal after it; when a literal is not found the current capture takes the rest of the line and matching stops
 * (the captures so far are kept); a trailing capture takes the rest of the line.
 */
final class PatternParser implements Stage {
    /** Literal parts as UTF-8 (null for a capture), and the capture names (null for a literal or {@code <_>}). */
    private final byte[][] literals;
    private final String[] captures;
    private final Set<String> needed;
    private final Map<String, String> suffixed = new HashMap<>();

    PatternParser(String pattern, Set<String> needed) {
        List<PatternParts.Part> parts = PatternParts.split(pattern);
        literals = new byte[parts.size()][];
        captures = new String[parts.size()];
        Set<String> seen = new HashSet<>();
        boolean named = false;
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case PatternParts.Literal l -> literals[i] = l.text().getBytes(StandardCharsets.UTF_8);
                case PatternParts.Capture c -> {
                    if (!c.named()) continue;
                    if (!seen.add(c.name())) {
                        throw new IllegalArgumentException("duplicate capture name (" + c.name() + "): invalid expression");
                    }
                    captures[i] = c.name();
                    named = true;
                }
            }
        }
        if (!named) throw new IllegalArgumentException("at least one capture is required");
        this.needed = needed;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        byte[] buf = line.bytes();
        int end = line.length();
        if (end == 0) return true;
        int at = 0;
        int k = 0;
        if (literals[0] != null) {
            if (!startsWith(buf, 0, end, literals[0])) return true;
            at = literals[0].length;
            k = 1;
        }
        if (k == literals.length) return true;
        while (k < literals.length) {
            String name = captures[k];
            if (k + 1 == literals.length) { // a trailing capture takes the rest
                capture(name, buf, at, end, labels);
                return true;
            }
            byte[] next = literals[k + 1];
            int found = indexOf(buf, at, end, next);
            if (found < 0) {
                capture(name, buf, at, end, labels);
                return true;
            }
            capture(name, buf, at, found, labels);
            at = found + next.length;
            k += 2;
        }
        return true;
    }

    private void capture(String name, byte[] buf, int from, int to, LabelsBuilder labels) {
        if (name == null) return;
        String label = LabelNames.deduplicate(name, labels, suffixed);
        if (!LabelNames.needed(needed, label)) return;
        labels.set(label, new String(buf, from, to - from, StandardCharsets.UTF_8));
    }

    private static boolean startsWith(byte[] buf, int from, int end, byte[] literal) {
        return end - from >= literal.length && Arrays.equals(buf, from, from + literal.length, literal, 0, literal.length);
    }

    private static int indexOf(byte[] buf, int from, int end, byte[] literal) {
        int last = end - literal.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < literal.length; j++) if (buf[i + j] != literal[j]) continue outer;
            return i;
        }
        return -1;
    }
}

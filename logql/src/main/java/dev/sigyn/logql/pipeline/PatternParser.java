package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.filter.PatternParts;
import dev.sigyn.logql.filter.SubstringFinder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code | pattern "<ip> - <_> [<ts>] ..."}: literals and captures ({@code <name>}, or {@code <_>} to skip). With
 * Loki's matching rules: a leading literal must start the line; each capture runs up to the next occurrence of the
 * literal after it; when a literal is not found the current capture takes the rest of the line and matching stops
 * (the captures so far are kept); a trailing capture takes the rest of the line.
 *
 * <p>Only the captures the query needs are turned into labels, and matching stops after the last of them: a
 * capture's value depends only on the literals before and right after it, so what follows cannot change it.
 */
final class PatternParser implements Stage {
    /** Short values (status codes, methods, levels) repeat from line to line: their Strings are shared. */
    private static final int SHARED_VALUE_MAX = 16;

    /** Literal parts as finders (null for a capture), and each capture's names (null for a literal or {@code <_>}). */
    private final SubstringFinder[] literals;
    private final ExtractedName[] captures;
    /** The literal the line must start with, or null when the pattern starts with a capture. */
    private final byte[] prefix;
    /** Parts from this index on cannot yield a needed label; -1 when no capture is needed. */
    private final int stopAt;
    private final KeyCache<String> values =
            new KeyCache<>((buf, from, to) -> new String(buf, from, to - from, StandardCharsets.UTF_8));

    PatternParser(String pattern, Set<String> needed) {
        List<PatternParts.Part> parts = PatternParts.split(pattern);
        literals = new SubstringFinder[parts.size()];
        captures = new ExtractedName[parts.size()];
        Set<String> seen = new HashSet<>();
        boolean named = false;
        int lastNeeded = -1;
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case PatternParts.Literal l ->
                        literals[i] = new SubstringFinder(l.text().getBytes(StandardCharsets.UTF_8), false);
                case PatternParts.Capture c -> {
                    if (!c.named()) continue;
                    if (!seen.add(c.name())) {
                        throw new IllegalArgumentException("duplicate capture name (" + c.name() + "): invalid expression");
                    }
                    named = true;
                    ExtractedName name = ExtractedName.of(c.name(), needed);
                    if (name.plainNeeded() || name.suffixedNeeded()) {
                        captures[i] = name;
                        lastNeeded = i;
                    }
                }
            }
        }
        if (!named) throw new IllegalArgumentException("at least one capture is required");
        prefix = parts.getFirst() instanceof PatternParts.Literal l ? l.text().getBytes(StandardCharsets.UTF_8) : null;
        stopAt = lastNeeded + 1;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        byte[] buf = line.bytes();
        int end = line.length();
        if (end == 0 || stopAt == 0) return true;
        int at = 0;
        int k = 0;
        if (prefix != null) {
            if (end < prefix.length || !Arrays.equals(buf, 0, prefix.length, prefix, 0, prefix.length)) return true;
            at = prefix.length;
            k = 1;
        }
        while (k < stopAt) {
            ExtractedName name = captures[k];
            if (k + 1 == literals.length) { // a trailing capture takes the rest
                capture(name, buf, at, end, labels);
                return true;
            }
            SubstringFinder next = literals[k + 1];
            int found = next.indexOf(buf, at, end);
            if (found < 0) {
                capture(name, buf, at, end, labels);
                return true;
            }
            capture(name, buf, at, found, labels);
            at = found + next.length();
            k += 2;
        }
        return true;
    }

    private void capture(ExtractedName name, byte[] buf, int from, int to, LabelsBuilder labels) {
        if (name == null) return;
        String label = name.resolve(labels);
        if (label == null) return;
        String value = to - from <= SHARED_VALUE_MAX
                ? values.get(buf, from, to)
                : new String(buf, from, to - from, StandardCharsets.UTF_8);
        labels.set(label, value);
    }
}

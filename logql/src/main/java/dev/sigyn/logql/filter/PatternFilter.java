package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loki's pattern line filter ({@code |> "<_> level=error <_>"}): literals separated by {@code <_>} placeholders.
 * As in Loki, each literal is searched for after the previous one; a literal after a placeholder must not follow
 * its predecessor directly (the placeholder must capture something); a pattern ending in a literal requires the
 * line to end there, one ending in a placeholder requires text after the last literal. The empty pattern
 * matches only the empty line.
 */
final class PatternFilter implements LineFilter {
    private final String pattern;
    /** One entry per node: the literal's finder, or null for a placeholder. */
    private final SubstringFinder[] nodes;

    private PatternFilter(String pattern, SubstringFinder[] nodes) {
        this.pattern = pattern;
        this.nodes = nodes;
    }

    /** Parses a line-filter pattern; throws {@link InvalidFilterException} with Loki's messages. */
    static PatternFilter parse(String pattern) {
        List<String> parts = new ArrayList<>(); // literals, and captures written as "<name>"
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            int end = captureEnd(pattern, i);
            if (end > 0) {
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(pattern.substring(i, end));
                i = end;
            } else {
                literal.append(pattern.charAt(i++));
            }
        }
        if (!literal.isEmpty()) parts.add(literal.toString());

        for (int k = 0; k + 1 < parts.size(); k++) {
            if (isCapture(parts.get(k)) && isCapture(parts.get(k + 1))) {
                throw new InvalidFilterException("found consecutive capture '" + parts.get(k) + parts.get(k + 1)
                        + "': invalid expression");
            }
        }
        SubstringFinder[] nodes = new SubstringFinder[parts.size()];
        for (int k = 0; k < parts.size(); k++) {
            String part = parts.get(k);
            if (isCapture(part)) {
                if (!part.equals("<_>")) throw new InvalidFilterException("named captures are not allowed: found '" + part + "'");
            } else {
                nodes[k] = new SubstringFinder(part.getBytes(StandardCharsets.UTF_8), false);
            }
        }
        return new PatternFilter(pattern, nodes);
    }

    @Override
    public boolean test(byte[] buf, int off, int len) {
        if (len == 0 || nodes.length == 0) return len == 0 && nodes.length == 0;
        int end = off + len;
        int at = off;
        for (int k = 0; k < nodes.length; k++) {
            SubstringFinder literal = nodes[k];
            if (literal == null) continue;
            int found = literal.indexOf(buf, at, end);
            if (found < 0) return false;
            if (k != 0 && found == at) return false; // the placeholder before this literal captured nothing
            at = found + literal.length();
        }
        boolean endsWithPlaceholder = nodes[nodes.length - 1] == null;
        return endsWithPlaceholder == (at != end);
    }

    /** Index after a capture {@code <name>} (name: ASCII letter or '_', then letters, digits, '_') at {@code i}, or -1. */
    private static int captureEnd(String s, int i) {
        if (s.charAt(i) != '<' || i + 1 >= s.length() || !isNameStart(s.charAt(i + 1))) return -1;
        int j = i + 2;
        while (j < s.length() && (isNameStart(s.charAt(j)) || (s.charAt(j) >= '0' && s.charAt(j) <= '9'))) j++;
        return j < s.length() && s.charAt(j) == '>' ? j + 1 : -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isCapture(String part) {
        return part.length() >= 3 && part.charAt(0) == '<' && part.charAt(part.length() - 1) == '>'
                && captureEnd(part, 0) == part.length();
    }

    @Override
    public String toString() {
        return "pattern(" + pattern + ")";
    }
}

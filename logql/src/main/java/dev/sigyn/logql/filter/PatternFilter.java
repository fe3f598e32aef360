package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;

import java.nio.charset.StandardCharsets;
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
        List<PatternParts.Part> parts = PatternParts.split(pattern);
        SubstringFinder[] nodes = new SubstringFinder[parts.size()];
        for (int k = 0; k < parts.size(); k++) {
            switch (parts.get(k)) {
                case PatternParts.Literal l -> nodes[k] = new SubstringFinder(l.text().getBytes(StandardCharsets.UTF_8), false);
                case PatternParts.Capture c -> {
                    if (c.named()) throw new InvalidFilterException("named captures are not allowed: found '<" + c.name() + ">'");
                }
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

    @Override
    public String toString() {
        return "pattern(" + pattern + ")";
    }
}

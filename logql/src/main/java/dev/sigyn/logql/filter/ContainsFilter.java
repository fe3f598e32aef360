package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Passes lines that contain a literal, compared byte for byte on UTF-8. */
final class ContainsFilter implements LineFilter {
    private final String literal;
    private final SubstringFinder finder;

    ContainsFilter(String literal) {
        this.literal = literal;
        this.finder = new SubstringFinder(literal.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public boolean test(byte[] buf, int off, int len) {
        return finder.indexOf(buf, off, off + len) >= 0;
    }

    @Override
    public List<byte[]> requiredLiterals() {
        return literal.isEmpty() ? List.of() : List.of(literal.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "contains(" + literal + ")";
    }
}

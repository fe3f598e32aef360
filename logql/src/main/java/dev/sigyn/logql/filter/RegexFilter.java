package dev.sigyn.logql.filter;

import com.google.re2j.Pattern;
import dev.sigyn.logql.LineFilter;

import java.util.Arrays;
import java.util.List;

/**
 * Passes lines where an RE2 regex matches somewhere (unanchored, as Loki's {@code |~}), run on the UTF-8 bytes.
 * An optional pre-check (a literal every match must contain) rejects most lines without running the regex.
 */
final class RegexFilter implements LineFilter {
    private final Pattern pattern;
    private final LineFilter precheck;

    /** @param precheck a necessary condition for a match, or null */
    RegexFilter(Pattern pattern, LineFilter precheck) {
        this.pattern = pattern;
        this.precheck = precheck;
    }

    @Override
    public boolean test(byte[] buf, int off, int len) {
        if (precheck != null && !precheck.test(buf, off, len)) return false;
        // RE2/J matches whole arrays only; a slice of a larger buffer has to be copied.
        byte[] line = off == 0 && len == buf.length ? buf : Arrays.copyOfRange(buf, off, off + len);
        return pattern.matcher(line).find();
    }

    @Override
    public List<byte[]> requiredLiterals() {
        return precheck == null ? List.of() : precheck.requiredLiterals();
    }

    @Override
    public String toString() {
        return "regex(" + pattern.pattern() + (precheck == null ? "" : ", precheck " + precheck) + ")";
    }
}

package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;

import java.nio.charset.StandardCharsets;

/**
 * Passes lines that contain an ASCII literal in any letter case, as the regex {@code (?i)literal} would.
 *
 * <p>RE2's case folding also maps {@code k} to the Kelvin sign (U+212A) and {@code s} to the long s (U+017F);
 * a byte search cannot see those, so when the literal has a k or an s and a line without an ASCII match holds
 * non-ASCII bytes, the line is handed to {@code unicodeFallback}.
 */
final class CaseInsensitiveContainsFilter implements LineFilter {
    private final String literal;
    private final SubstringFinder finder;
    private final LineFilter unicodeFallback;

    /**
     * @param asciiLiteral    a non-empty literal of ASCII characters only
     * @param unicodeFallback decides lines that might match only through Unicode folding
     */
    CaseInsensitiveContainsFilter(String asciiLiteral, LineFilter unicodeFallback) {
        this.literal = asciiLiteral;
        this.finder = new SubstringFinder(asciiLiteral.getBytes(StandardCharsets.US_ASCII), true);
        String lower = asciiLiteral.toLowerCase(java.util.Locale.ROOT);
        this.unicodeFallback = lower.indexOf('k') >= 0 || lower.indexOf('s') >= 0 ? unicodeFallback : null;
    }

    @Override
    public boolean test(byte[] buf, int off, int len) {
        if (finder.indexOf(buf, off, off + len) >= 0) return true;
        return unicodeFallback != null && SubstringFinder.hasNonAscii(buf, off, len) && unicodeFallback.test(buf, off, len);
    }

    @Override
    public String toString() {
        return "containsIgnoreCase(" + literal + ")";
    }
}

package dev.sigyn.logql;

import com.google.re2j.GoParseLimits;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The one way LogQL compiles a regex that a query wrote: selector and label-filter matchers, line filters, the
 * {@code regexp} parser, {@code label_replace} and the templates' regex functions. A regex is refused as Go's
 * {@code regexp/syntax} (and so Loki) refuses it, before RE2/J builds anything: a syntax error, or a program too
 * large ({@code error parsing regexp: expression too large: `((a{1000}){1000}){1000}`}), too deeply nested, or
 * repeating a repetition more than 1000 times in all ({@code invalid repeat count}).
 */
public final class UserRegex {
    static {
        // Before any user regex is parsed: some case-insensitive ones would never finish compiling otherwise.
        com.google.re2j.FoldOrbits.close();
    }

    private UserRegex() {
    }

    /** @throws PatternSyntaxException with Go's message when the regex is invalid or passes Go's limits */
    public static Pattern compile(String regex) {
        return compile(regex, 0);
    }

    /** With {@link Pattern} flags such as {@link Pattern#DOTALL}. */
    public static Pattern compile(String regex, int flags) {
        GoParseLimits.check(regex, flags);
        return Pattern.compile(regex, flags);
    }
}

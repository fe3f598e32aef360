package dev.sigyn.logql.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.UserRegex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds {@link LineFilter}s that decide on a line's UTF-8 bytes, with Loki's semantics. Operands that cannot be
 * compiled throw {@link InvalidFilterException}. Filters are immutable and may be shared between threads.
 *
 * <p>{@link LineFilter#ALL} and {@link #NONE} are returned (by identity) whenever a filter keeps every line or no
 * line, so callers can skip work: {@code contains("")}, {@code regex(".*")} are {@code ALL}, their negations
 * {@code NONE}.
 */
public final class LineFilters {
    /** Passes no line. */
    public static final LineFilter NONE = CombinedFilters.NONE;

    private LineFilters() {
    }

    /** Lines containing {@code literal} ({@code |=}); every line for the empty literal. */
    public static LineFilter contains(String literal) {
        return literal.isEmpty() ? LineFilter.ALL : new ContainsFilter(literal);
    }

    /**
     * Lines in which the RE2 regex matches somewhere ({@code |~}). Plain literals, {@code (?i)} literals and
     * alternations of literals run as byte searches; other regexes are pre-checked for a literal they require.
     */
    public static LineFilter regex(String regex) {
        Pattern compiled;
        try {
            compiled = UserRegex.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidFilterException(e.getMessage());
        }
        return switch (RegexShape.of(regex)) {
            case RegexShape.MatchesEverything all -> LineFilter.ALL;
            case RegexShape.AnyLiteral any -> anyOf(any.literals().stream()
                    .map(l -> any.ignoreCase() ? containsIgnoringCase(l) : contains(l)).toList());
            case RegexShape.General general -> new RegexFilter(compiled, precheck(general));
        };
    }

    /** Lines matching a Loki pattern with {@code <_>} placeholders ({@code |>}). */
    public static LineFilter pattern(String pattern) {
        return PatternFilter.parse(pattern);
    }

    /** Lines holding an IP address equal to, inside the prefix of, or inside the range of {@code pattern}. */
    public static LineFilter ip(String pattern) {
        return new IpFilter(pattern);
    }

    public static LineFilter not(LineFilter filter) {
        if (filter == LineFilter.ALL) return NONE;
        if (filter == NONE) return LineFilter.ALL;
        if (filter instanceof CombinedFilters.Not not) return not.inner();
        return new CombinedFilters.Not(filter);
    }

    /** Lines passing at least one of the filters. */
    public static LineFilter anyOf(List<LineFilter> filters) {
        List<LineFilter> kept = new ArrayList<>();
        for (LineFilter f : filters) {
            if (f == LineFilter.ALL) return LineFilter.ALL;
            if (f != NONE) kept.add(f);
        }
        if (kept.isEmpty()) return NONE;
        if (kept.size() == 1) return kept.getFirst();
        kept.sort(Comparator.comparingInt(LineFilters::cost));
        return new CombinedFilters.AnyOf(kept.toArray(LineFilter[]::new));
    }

    /** Lines passing every filter; cheap filters run first so that costly ones see fewer lines. */
    public static LineFilter allOf(List<LineFilter> filters) {
        List<LineFilter> kept = new ArrayList<>();
        for (LineFilter f : filters) {
            if (f == NONE) return NONE;
            if (f != LineFilter.ALL) kept.add(f);
        }
        if (kept.isEmpty()) return LineFilter.ALL;
        if (kept.size() == 1) return kept.getFirst();
        kept.sort(Comparator.comparingInt(LineFilters::cost));
        return new CombinedFilters.AllOf(kept.toArray(LineFilter[]::new));
    }

    private static LineFilter containsIgnoringCase(String asciiLiteral) {
        LineFilter unicodeFolding = new RegexFilter(UserRegex.compile("(?i)" + Pattern.quote(asciiLiteral)), null);
        return new CaseInsensitiveContainsFilter(asciiLiteral, unicodeFolding);
    }

    private static LineFilter precheck(RegexShape.General shape) {
        String literal = shape.requiredLiteral();
        if (literal == null) return null;
        // A line that might match only through Unicode case folding must reach the regex: pass it.
        return shape.ignoreCase() ? new CaseInsensitiveContainsFilter(literal, LineFilter.ALL) : new ContainsFilter(literal);
    }

    /** Rough relative cost per line, to order conjunctions and disjunctions. */
    private static int cost(LineFilter f) {
        return switch (f) {
            case ContainsFilter c -> 1;
            case CaseInsensitiveContainsFilter c -> 2;
            case PatternFilter p -> 3;
            case IpFilter i -> 4;
            case RegexFilter r -> 10;
            case CombinedFilters.Not n -> cost(n.inner());
            case CombinedFilters.AnyOf a -> sum(a.filters);
            case CombinedFilters.AllOf a -> sum(a.filters);
            default -> 5;
        };
    }

    private static int sum(LineFilter[] filters) {
        int total = 0;
        for (LineFilter f : filters) total += cost(f);
        return total;
    }
}

package dev.sigyn.logql.syntax;

/** The operator of a line filter. */
public enum LineFilterOp {
    /** {@code |=}: the line contains the text. */
    CONTAINS("|=", false),
    /** {@code !=}: the line does not contain the text. */
    NOT_CONTAINS("!=", true),
    /** {@code |~}: the RE2 regex matches somewhere in the line. */
    MATCHES_REGEX("|~", false),
    /** {@code !~}: the RE2 regex matches nowhere in the line. */
    NOT_MATCHES_REGEX("!~", true),
    /** {@code |>}: the line matches the pattern, where {@code <_>} stands for any text. */
    MATCHES_PATTERN("|>", false),
    /** {@code !>}: the line does not match the pattern. */
    NOT_MATCHES_PATTERN("!>", true);

    private final String symbol;
    private final boolean negated;

    LineFilterOp(String symbol, boolean negated) {
        this.symbol = symbol;
        this.negated = negated;
    }

    /** The operator as written in LogQL. */
    public String symbol() { return symbol; }

    /** True for the operators that keep lines which do NOT match. */
    public boolean negated() { return negated; }

    /** True for {@code |=} and {@code !=}, the only operators {@code ip("...")} works with. */
    public boolean isContains() {
        return this == CONTAINS || this == NOT_CONTAINS;
    }

    public boolean isRegex() {
        return this == MATCHES_REGEX || this == NOT_MATCHES_REGEX;
    }

    public boolean isPattern() {
        return this == MATCHES_PATTERN || this == NOT_MATCHES_PATTERN;
    }
}

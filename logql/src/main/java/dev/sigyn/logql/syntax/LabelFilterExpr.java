package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LabelMatcher;

/**
 * A label filter of a pipeline ({@code | level="error" or status >= 500}) or of an unwrap: a tree of
 * {@link And}/{@link Or} over comparisons of one label each.
 *
 * <p>Grouping follows Loki's grammar: {@code and} binds tighter than {@code or}; a {@code ,} or plain whitespace
 * (both AND) takes the single filter before it and everything after it, so {@code a, b or c} is
 * {@code a and (b or c)} while {@code a and b or c} is {@code (a and b) or c}.
 */
public sealed interface LabelFilterExpr {

    Position pos();

    /** How a number, duration or byte size is compared with the label's value. */
    enum Cmp {
        GT(">"), GTE(">="), LT("<"), LTE("<="), EQ("=="), NEQ("!=");

        private final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() { return symbol; }
    }

    /** Both filters must pass ({@code and}, {@code ,} or whitespace). */
    record And(LabelFilterExpr left, LabelFilterExpr right, Position pos) implements LabelFilterExpr {
    }

    /** Either filter passes. */
    record Or(LabelFilterExpr left, LabelFilterExpr right, Position pos) implements LabelFilterExpr {
    }

    /** {@code name="v"}, {@code name!="v"}, {@code name=~"re"}, {@code name!~"re"} (regexes anchored, RE2). */
    record Match(LabelMatcher matcher, Position pos) implements LabelFilterExpr {
    }

    /** {@code name=ip("...")} ({@code equal} true) or {@code name!=ip("...")}: an address, range or CIDR. */
    record Ip(String name, boolean equal, String pattern, Position pos) implements LabelFilterExpr {
    }

    /** {@code name > 1.5}: the value read as a float64. */
    record Number(String name, Cmp cmp, double value, Position pos) implements LabelFilterExpr {
    }

    /** {@code name > 250ms}: the value read as a Go duration; {@code nanos} is the bound in nanoseconds. */
    record Duration(String name, Cmp cmp, long nanos, Position pos) implements LabelFilterExpr {
    }

    /** {@code name > 2KiB}: the value read as a humanized byte size; {@code bytes} is the bound. */
    record Bytes(String name, Cmp cmp, long bytes, Position pos) implements LabelFilterExpr {
    }
}

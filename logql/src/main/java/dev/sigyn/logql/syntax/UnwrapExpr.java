package dev.sigyn.logql.syntax;

import java.util.List;

/**
 * {@code | unwrap label}, {@code | unwrap bytes(label)}, {@code | unwrap duration(label)} or
 * {@code | unwrap duration_seconds(label)}: the label whose value becomes the sample value, and the label
 * filters written after it (the only stages allowed there).
 */
public record UnwrapExpr(String label, Conversion conversion, List<LabelFilterExpr> postFilters, Position pos) {

    /** How the label's text becomes a number. */
    public enum Conversion {
        /** Read as a float64. */
        NONE(""),
        /** A humanized byte size ({@code 2KiB}). */
        BYTES("bytes"),
        /** A Go duration, in seconds ({@code duration} and {@code duration_seconds} are the same). */
        DURATION("duration"),
        DURATION_SECONDS("duration_seconds");

        private final String function;

        Conversion(String function) {
            this.function = function;
        }

        /** The function name as written, empty for {@link #NONE}. */
        public String function() { return function; }
    }

    public UnwrapExpr {
        postFilters = List.copyOf(postFilters);
    }
}

package dev.sigyn.logql.pipeline;

/** The operators of numeric, duration and bytes label filters. */
public enum Comparison {
    EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

    public final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NEQ -> a != b;
            case GT -> a > b;
            case GTE -> a >= b;
            case LT -> a < b;
            case LTE -> a <= b;
        };
    }

    boolean test(long a, long b) {
        return switch (this) {
            case EQ -> a == b;
            case NEQ -> a != b;
            case GT -> a > b;
            case GTE -> a >= b;
            case LT -> a < b;
            case LTE -> a <= b;
        };
    }

    /** Compares {@code a} and {@code b} as unsigned 64-bit numbers (byte sizes). */
    boolean testUnsigned(long a, long b) {
        int c = Long.compareUnsigned(a, b);
        return switch (this) {
            case EQ -> c == 0;
            case NEQ -> c != 0;
            case GT -> c > 0;
            case GTE -> c >= 0;
            case LT -> c < 0;
            case LTE -> c <= 0;
        };
    }
}

package dev.sigyn.logql.engine;

/** LogQL's binary operators. */
public enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"),
    EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<="),
    AND("and"), OR("or"), UNLESS("unless");

    public final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public static BinaryOp bySymbol(String symbol) {
        for (BinaryOp op : values()) if (op.symbol.equals(symbol)) return op;
        throw new IllegalArgumentException("unknown binary operator " + symbol);
    }

    public boolean isComparison() {
        return ordinal() >= EQ.ordinal() && ordinal() <= LTE.ordinal();
    }

    public boolean isSetOperation() {
        return this == AND || this == OR || this == UNLESS;
    }

    /**
     * The arithmetic result, or for a comparison 1 (true) / 0 (false). Division and modulo by zero give NaN, as in
     * Loki (unlike Prometheus' ±Inf); {@code %} is Go's math.Mod and {@code ^} Go's math.Pow.
     */
    public double apply(double l, double r) {
        return switch (this) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> r == 0 ? Double.NaN : l / r;
            case MOD -> r == 0 ? Double.NaN : l % r;
            case POW -> goPow(l, r);
            case EQ -> l == r ? 1 : 0;
            case NEQ -> l != r ? 1 : 0;
            case GT -> l > r ? 1 : 0;
            case GTE -> l >= r ? 1 : 0;
            case LT -> l < r ? 1 : 0;
            case LTE -> l <= r ? 1 : 0;
            case AND, OR, UNLESS -> throw new IllegalStateException(symbol + " works on vectors only");
        };
    }

    // Java's Math.pow answers NaN where Go's math.Pow answers 1: Pow(1, y) for any y and Pow(-1, ±Inf).
    private static double goPow(double x, double y) {
        if (x == 1) return 1;
        if (x == -1 && Double.isInfinite(y)) return 1;
        return Math.pow(x, y);
    }
}

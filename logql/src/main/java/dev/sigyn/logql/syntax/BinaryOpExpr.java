package dev.sigyn.logql.syntax;

import java.util.List;

/**
 * {@code lhs op rhs} between metric expressions: arithmetic, comparisons (with optional {@code bool}) and the set
 * operators {@code and}, {@code or}, {@code unless}, with optional vector matching.
 *
 * @param op       the operator
 * @param lhs      the left operand
 * @param rhs      the right operand
 * @param modifier {@code bool}, {@code on}/{@code ignoring}, {@code group_left}/{@code group_right};
 *                 {@link Modifier#NONE} when absent
 * @param pos      where the left operand starts
 */
public record BinaryOpExpr(Op op, SampleExpr lhs, SampleExpr rhs, Modifier modifier, Position pos) implements SampleExpr {

    /** Operators, with their precedence (higher binds tighter). */
    public enum Op {
        OR("or", 1), AND("and", 2), UNLESS("unless", 2),
        EQ("==", 3), NEQ("!=", 3), GT(">", 3), GTE(">=", 3), LT("<", 3), LTE("<=", 3),
        ADD("+", 4), SUB("-", 4), MUL("*", 5), DIV("/", 5), MOD("%", 5), POW("^", 6);

        private final String symbol;
        private final int precedence;

        Op(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() { return symbol; }

        public int precedence() { return precedence; }

        public boolean isComparison() { return precedence == 3; }

        /** {@code and}, {@code or}, {@code unless}. */
        public boolean isSetOperator() { return precedence <= 2; }

        public boolean rightAssociative() { return this == POW; }
    }

    /** How series of both sides pair up: one-to-one, or many-to-one ({@code group_left}) / one-to-many. */
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY }

    /**
     * @param returnBool     {@code bool}: comparisons return 0/1 instead of filtering
     * @param on             true for {@code on (labels)}, false for {@code ignoring (labels)} or no matching clause
     * @param matchingLabels the labels of {@code on}/{@code ignoring}
     * @param cardinality    {@code group_left} / {@code group_right}
     * @param include        the labels of {@code group_left (...)} / {@code group_right (...)}
     */
    public record Modifier(boolean returnBool, boolean on, List<String> matchingLabels, Cardinality cardinality,
                           List<String> include) {
        public static final Modifier NONE = new Modifier(false, false, List.of(), Cardinality.ONE_TO_ONE, List.of());

        public Modifier {
            matchingLabels = List.copyOf(matchingLabels);
            include = List.copyOf(include);
        }
    }
}

package dev.sigyn.logql.syntax;

import java.util.Arrays;
import java.util.List;

/**
 * One line filter such as {@code |= "error"}, {@code !~ "debug|trace"}, {@code |> "<_> 500 <_>"} or
 * {@code != ip("10.0.0.0/8")}, with optional {@code or} alternatives ({@code |= "a" or "b"}).
 *
 * <p>For a positive operator a line passes when ANY alternative matches; for a negated operator Loki applies
 * De Morgan, so a line passes when NO alternative matches ({@code != "a" or "b"} keeps lines containing
 * neither).
 *
 * @param op           the operator, shared by all alternatives
 * @param alternatives one or more operands, joined by {@code or}
 * @param pos          where the operator is
 */
public record LineFilterExpr(LineFilterOp op, List<FilterArg> alternatives, Position pos) implements StageExpr {

    public LineFilterExpr {
        alternatives = List.copyOf(alternatives);
        if (alternatives.isEmpty()) throw new IllegalArgumentException("a line filter needs at least one operand");
    }

    public LineFilterExpr(LineFilterOp op, List<FilterArg> alternatives) {
        this(op, alternatives, Position.NONE);
    }

    /** A filter on plain strings, such as {@code of(CONTAINS, "a", "b")} for {@code |= "a" or "b"}. */
    public static LineFilterExpr of(LineFilterOp op, String... values) {
        return new LineFilterExpr(op, Arrays.stream(values).<FilterArg>map(FilterArg.Text::new).toList());
    }
}

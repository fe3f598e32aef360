package dev.sigyn.logql.syntax;

/** A number such as {@code 60}, {@code -1.5} or {@code 1e3}: a scalar. */
public record LiteralExpr(double value, Position pos) implements SampleExpr {
}

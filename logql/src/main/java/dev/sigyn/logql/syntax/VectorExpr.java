package dev.sigyn.logql.syntax;

/** {@code vector(42)}: one series without labels holding {@code value} at every step. */
public record VectorExpr(double value, Position pos) implements SampleExpr {
}

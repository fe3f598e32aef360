package dev.sigyn.logql.syntax;

/** A metric query: an expression that yields samples (a vector or a scalar) rather than log lines. */
public sealed interface SampleExpr extends Expr
        permits RangeAggregationExpr, VectorAggregationExpr, BinaryOpExpr, LiteralExpr, VectorExpr, LabelReplaceExpr {
}

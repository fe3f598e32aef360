package dev.sigyn.logql.syntax;

/**
 * A parsed LogQL query: either a log query ({@link LogSelectorExpr}: a stream selector and its pipeline) or a
 * metric query ({@link SampleExpr}: aggregations, binary operations, literals). Records compare by meaning:
 * positions never take part in equality.
 */
public sealed interface Expr permits LogSelectorExpr, SampleExpr {

    /** Where the expression starts in the query text. */
    Position pos();
}

package dev.sigyn.logql.syntax;

/**
 * A parsed LogQL query. Today only log queries exist ({@link LogSelectorExpr}); metric queries (range and vector
 * aggregations, binary operations, literals) will join this sealed family, so code that switches over it is
 * told by the compiler where the new kinds must be handled.
 */
public sealed interface Expr permits LogSelectorExpr {

    /** Where the expression starts in the query text. */
    Position pos();
}

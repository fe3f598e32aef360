/**
 * LogQL syntax: {@link dev.sigyn.logql.syntax.Lexer} (tokens with positions), {@link dev.sigyn.logql.syntax.Parser}
 * (the whole grammar, with Loki-compatible errors as {@link dev.sigyn.logql.syntax.ParseException}), the AST and
 * {@link dev.sigyn.logql.syntax.Printer} (canonical LogQL that parses back to an equal AST).
 *
 * <p>The AST: {@link dev.sigyn.logql.syntax.Expr} is either a log query
 * ({@link dev.sigyn.logql.syntax.LogSelectorExpr}: matchers and {@link dev.sigyn.logql.syntax.StageExpr} stages) or a
 * metric query ({@link dev.sigyn.logql.syntax.SampleExpr}: range and vector aggregations, binary operations,
 * literals, {@code vector()}, {@code label_replace()}). All nodes are records that compare by meaning (positions are
 * ignored).
 */
package dev.sigyn.logql.syntax;

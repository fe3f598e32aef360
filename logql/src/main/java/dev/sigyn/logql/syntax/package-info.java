/**
 * LogQL syntax: {@link dev.sigyn.logql.syntax.Lexer} (tokens with positions), {@link dev.sigyn.logql.syntax.Parser}
 * (Loki-compatible errors as {@link dev.sigyn.logql.syntax.ParseException}), the AST (sealed
 * {@link dev.sigyn.logql.syntax.Expr} and records) and {@link dev.sigyn.logql.syntax.Printer} (canonical LogQL).
 */
package dev.sigyn.logql.syntax;

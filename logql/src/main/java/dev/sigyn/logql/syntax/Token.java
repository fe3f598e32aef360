package dev.sigyn.logql.syntax;

/**
 * One token of a query.
 *
 * @param type   what the token is
 * @param text   the token exactly as written in the query
 * @param value  the decoded string of a {@link TokenType#STRING}, the flag of a {@link TokenType#FUNCTION_FLAG},
 *               otherwise the same as {@code text}
 * @param number nanoseconds of a {@link TokenType#DURATION} or {@link TokenType#RANGE}, bytes of a
 *               {@link TokenType#BYTES}, otherwise 0
 * @param pos    where the token starts
 */
public record Token(TokenType type, String text, String value, long number, Position pos) {
}

package dev.sigyn.logql.filter;

/** A line filter operand that cannot be compiled (bad regex, pattern or IP); the message says why, Loki-style. */
public final class InvalidFilterException extends IllegalArgumentException {
    public InvalidFilterException(String message) {
        super(message);
    }
}

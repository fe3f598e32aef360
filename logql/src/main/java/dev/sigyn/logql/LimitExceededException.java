package dev.sigyn.logql;

/**
 * A query stopped because it would pass a limit that protects the server (template output, regex size, memory):
 * the query is at fault, not the server, so it is answered 400 with this message, which names the limit.
 */
public class LimitExceededException extends RuntimeException {
    public LimitExceededException(String message) {
        super(message, null, false, false);
    }
}

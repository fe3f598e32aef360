package dev.sigyn.logql.template;

/** An error value returned by a template function, with Go's message. */
final class GoError extends RuntimeException {
    GoError(String message) {
        super(message, null, false, false);
    }
}

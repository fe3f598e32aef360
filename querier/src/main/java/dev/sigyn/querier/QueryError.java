package dev.sigyn.querier;

/**
 * A request the querier refuses, with the HTTP status and the plain-text message Loki would answer. Thrown while
 * parsing and validating; {@link QueryApi} turns it into the response.
 */
final class QueryError extends RuntimeException {
    private final int status;

    private QueryError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static QueryError badRequest(String message) {
        return new QueryError(400, message);
    }

    int status() {
        return status;
    }
}

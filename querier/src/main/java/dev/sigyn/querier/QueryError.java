package dev.sigyn.querier;

import dev.sigyn.config.TenantResolver;

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

    /** A request whose tenant could not be resolved: 401 or 400, as the resolver said. */
    static QueryError refused(TenantResolver.Refused refused) {
        return new QueryError(refused.status(), refused.message());
    }

    static QueryError badRequest(String message) {
        return new QueryError(400, message);
    }

    /** A query that ran past {@code query_timeout}: Loki's status and text for a deadline exceeded. */
    static QueryError timeout() {
        return new QueryError(504, "request timed out, decrease the duration of the request or add more label "
                + "matchers (prefer exact match over regex match) to reduce the amount of data processed");
    }

    /**
     * The client closed the connection before its answer was ready: the reason its work is cancelled (499, the
     * status Loki records for it; the answer is never sent).
     */
    static QueryError clientClosed() {
        return new QueryError(499, "context canceled: the client closed the connection");
    }

    int status() {
        return status;
    }
}

package dev.sigyn.querier;

import com.google.re2j.PatternSyntaxException;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.QueryCancelledException;
import dev.sigyn.querier.remote.IngestersUnavailableException;

/**
 * A request the querier refuses, with the HTTP status and the plain-text message Loki would answer. Thrown while
 * parsing and validating; {@link QueryApi} turns it into the response. Public so that the query frontend can carry a
 * querier's refusal back to its client unchanged.
 */
public final class QueryError extends RuntimeException {
    private final int status;

    private QueryError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** An answer with this status and message, as another process (a querier) gave it. */
    public static QueryError of(int status, String message) {
        return new QueryError(status, message);
    }

    /** A request whose tenant could not be resolved: 401 or 400, as the resolver said. */
    static QueryError refused(TenantResolver.Refused refused) {
        return new QueryError(refused.status(), refused.message());
    }

    static QueryError badRequest(String message) {
        return new QueryError(400, message);
    }

    /** Something the query needs cannot be reached now; asking again later (or elsewhere) may work. */
    public static QueryError unavailable(String message) {
        return new QueryError(503, message);
    }

    /** A query that ran past {@code query_timeout}: Loki's status and text for a deadline exceeded. */
    public static QueryError timeout() {
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

    public int status() {
        return status;
    }

    /** The HTTP status a failed call is answered with: the one home of this mapping, for every process that answers. */
    public static int statusOf(Throwable t) {
        if (t instanceof QueryCancelledException c) return statusOf(c.getCause());
        if (t instanceof QueryError e) return e.status();
        if (t instanceof IngestersUnavailableException) return 503;
        if (t instanceof LimitExceededException) return 400;
        if (t instanceof PatternSyntaxException) return 400;
        return 500;
    }

    /** The plain-text message a failed call is answered with (without the final newline). */
    public static String messageOf(Throwable t) {
        if (t instanceof QueryCancelledException c) return messageOf(c.getCause());
        if (t instanceof PatternSyntaxException e) return "error parsing regexp: " + e.getMessage();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    }
}

package dev.sigyn.logql;

/**
 * Thrown by work that stopped because its query was cancelled ({@link Cancellation#check()}); the cause is the
 * reason the query was stopped (its deadline, a limit another part passed, the client gone), which is what the
 * query is answered with.
 */
public final class QueryCancelledException extends RuntimeException {
    public QueryCancelledException(Throwable reason) {
        super(reason.getMessage(), reason, false, false);
    }
}

package dev.sigyn.logql;

import java.time.Instant;

/**
 * What every part of one query shares while it runs, down to the sources it reads ({@link
 * dev.sigyn.logql.source.StreamQuery#context()}): its {@link Cancellation}, its {@link MemoryBudget} and its deadline.
 * One per request; thread-safe.
 *
 * @param deadline when the query's time is up ({@code query_timeout}), {@link Instant#MAX} for never: the cancellation
 *                 fires then in this process, and a source in another process gets the time to stop by itself
 */
public record QueryContext(Cancellation cancellation, MemoryBudget memory, Instant deadline) {
    private static final QueryContext NONE = new QueryContext(Cancellation.never(), MemoryBudget.unlimited(),
            Instant.MAX);

    /** A context that is never cancelled and counts no memory: for work with no request behind it. */
    public static QueryContext none() {
        return NONE;
    }

    /** A fresh context for one request, with a budget of {@code memoryLimitBytes} (0: no limit) and no deadline. */
    public static QueryContext of(long memoryLimitBytes) {
        return of(memoryLimitBytes, Instant.MAX);
    }

    /** A fresh context for one request that must end by {@code deadline}. */
    public static QueryContext of(long memoryLimitBytes, Instant deadline) {
        Cancellation cancellation = new Cancellation();
        return new QueryContext(cancellation, new MemoryBudget(memoryLimitBytes, cancellation), deadline);
    }

    /** Stops the query's work; see {@link Cancellation#cancel}. */
    public boolean cancel(Throwable reason) {
        return cancellation.cancel(reason);
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** Throws {@link QueryCancelledException} once the query has been cancelled. */
    public void checkCancelled() {
        cancellation.check();
    }
}

package dev.sigyn.logql;

/**
 * What every part of one query shares while it runs, down to the sources it reads ({@link
 * dev.sigyn.logql.source.StreamQuery#context()}): its {@link Cancellation} and its {@link MemoryBudget}. One per
 * request; thread-safe.
 */
public record QueryContext(Cancellation cancellation, MemoryBudget memory) {
    private static final QueryContext NONE = new QueryContext(Cancellation.never(), MemoryBudget.unlimited());

    /** A context that is never cancelled and counts no memory: for work with no request behind it. */
    public static QueryContext none() {
        return NONE;
    }

    /** A fresh context for one request, with a budget of {@code memoryLimitBytes} (0: no limit). */
    public static QueryContext of(long memoryLimitBytes) {
        Cancellation cancellation = new Cancellation();
        return new QueryContext(cancellation, new MemoryBudget(memoryLimitBytes, cancellation));
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

package dev.sigyn.logql;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The stop signal of one query, shared by every thread that works on it (its splits, source reads, store scans).
 * Whoever learns that the query must stop fires it once with the reason: the deadline, the client gone, a part of the
 * query that failed. Work checks it where time is spent (per stream, per chunk, every few thousand lines) and stops
 * there; work not yet started does nothing. The first reason wins. Thread-safe; a check is one volatile read.
 */
public final class Cancellation {
    private static final Cancellation NEVER = new Cancellation(false);

    private final boolean cancellable;
    private final AtomicReference<Throwable> cause = new AtomicReference<>();

    public Cancellation() {
        this(true);
    }

    private Cancellation(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /** A signal that never fires, for work that has no request behind it (tests, tools). */
    public static Cancellation never() {
        return NEVER;
    }

    /** Fires the signal; false when it had already fired (the earlier reason stays) or never fires. */
    public boolean cancel(Throwable reason) {
        if (!cancellable) return false;
        return cause.compareAndSet(null, reason == null ? new IllegalStateException("cancelled") : reason);
    }

    public boolean isCancelled() {
        return cause.get() != null;
    }

    /** Why the query was stopped, or null while it runs. */
    public Throwable cause() {
        return cause.get();
    }

    /** Throws {@link QueryCancelledException} (carrying the reason) once the signal has fired. */
    public void check() {
        Throwable c = cause.get();
        if (c != null) throw new QueryCancelledException(c);
    }
}

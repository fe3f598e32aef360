package dev.sigyn.logql.engine;

/**
 * The evaluation times of a query: start, start+step, ... up to and including end. An instant query is a
 * single step (start == end, step 0). Limits on the number of steps are the caller's.
 */
public record Steps(long startNanos, long endNanos, long stepNanos) {
    public Steps {
        if (endNanos < startNanos) throw new IllegalArgumentException("end before start");
        if (stepNanos < 0) throw new IllegalArgumentException("negative step");
        if (stepNanos == 0 && startNanos != endNanos) throw new IllegalArgumentException("range query needs a step");
    }

    public static Steps instant(long tsNanos) {
        return new Steps(tsNanos, tsNanos, 0);
    }

    public static Steps range(long startNanos, long endNanos, long stepNanos) {
        return new Steps(startNanos, endNanos, stepNanos);
    }

    public boolean isInstant() {
        return stepNanos == 0;
    }

    public int count() {
        return isInstant() ? 1 : (int) ((endNanos - startNanos) / stepNanos + 1);
    }

    /** The time of step {@code i} (0-based). */
    public long at(int i) {
        return startNanos + i * stepNanos;
    }
}

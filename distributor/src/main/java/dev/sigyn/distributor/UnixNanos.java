package dev.sigyn.distributor;

import java.time.Duration;
import java.time.Instant;

/** Entry timestamps as Unix nanoseconds. */
final class UnixNanos {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private UnixNanos() {}

    /** Seconds plus nanoseconds, saturated at the ends of the long range (such entries then fail validation). */
    static long of(long seconds, long nanos) {
        try {
            return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
        } catch (ArithmeticException overflow) {
            return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long of(Instant instant) {
        return of(instant.getEpochSecond(), instant.getNano());
    }

    /** {@code nanos + d}, saturated, so that a configured age of centuries cannot wrap around. */
    static long plus(long nanos, Duration d) {
        try {
            return Math.addExact(nanos, d.toNanos());
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}

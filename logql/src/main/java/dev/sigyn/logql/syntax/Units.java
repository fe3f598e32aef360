package dev.sigyn.logql.syntax;

import dev.sigyn.format.ByteSizes;
import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;

/**
 * LogQL's rules for duration and byte-size literals on top of the Go forms in {@link Durations} and
 * {@link ByteSizes}: which form the lexer tries first, and how a duration is printed so that the lexer reads it back.
 */
final class Units {
    private static final long MS = 1_000_000L;
    private static final String[] GO_UNITS = {"h", "m", "s", "ms", "us", "ns"};
    private static final long[] GO_UNIT_NANOS = {3_600_000 * MS, 60_000 * MS, 1_000 * MS, MS, 1_000, 1};

    private Units() {
    }

    /** A duration in nanoseconds, as Loki's lexer reads it: Prometheus form first, then Go form. */
    static long parseDuration(String s) {
        return Durations.parseEither(s);
    }

    /** A go-humanize byte size; Sigyn keeps sizes in a signed long, so 2^63 bytes and more are too large. */
    static long parseBytes(String s) {
        long bytes = ByteSizes.parseHumanized(s);
        if (bytes < 0) throw new FormatException("too large: " + s);
        return bytes;
    }

    /**
     * Any duration in a form the lexer reads back exactly: Prometheus form when possible, otherwise a signed
     * amount of the largest Go unit that divides it ({@code -5m}, {@code 1500us}).
     */
    static String formatDuration(long nanos) {
        if (nanos >= 0 && nanos % MS == 0) return Durations.formatPrometheus(nanos);
        for (int i = 0; i < GO_UNITS.length; i++) {
            if (nanos % GO_UNIT_NANOS[i] == 0) return (nanos / GO_UNIT_NANOS[i]) + GO_UNITS[i];
        }
        throw new AssertionError("unreachable: every duration is a whole number of nanoseconds");
    }

    static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }
}

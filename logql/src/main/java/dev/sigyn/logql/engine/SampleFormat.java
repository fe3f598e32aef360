package dev.sigyn.logql.engine;

import dev.sigyn.format.GoFloats;

/** Numbers as Loki writes them in query responses. */
public final class SampleFormat {
    private SampleFormat() {
    }

    /**
     * A sample value as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal that reads back as the
     * same double, never in exponent form; "NaN", "+Inf", "-Inf"; negative zero is "-0".
     */
    public static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == Double.POSITIVE_INFINITY) return "+Inf";
        if (v == Double.NEGATIVE_INFINITY) return "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v); // the common case, cheaply
        return GoFloats.formatF(v, -1);
    }

    /**
     * A matrix or vector point's timestamp as Loki writes it: a JSON number of seconds with the step time truncated
     * to milliseconds, e.g. {@code 1793491500} or {@code 1793491500.5}.
     */
    public static String timestampSeconds(long tsNanos) {
        long millis = tsNanos / 1_000_000L;
        long seconds = Math.floorDiv(millis, 1000L);
        long fraction = Math.floorMod(millis, 1000L);
        if (fraction == 0) return Long.toString(seconds);
        String f = String.format("%03d", fraction);
        while (f.endsWith("0")) f = f.substring(0, f.length() - 1);
        return seconds + "." + f;
    }

    /** A scalar result's timestamp as Loki 2.9 writes it: integer milliseconds (e.g. {@code [1793494500000, "7"]}). */
    public static String timestampMillis(long tsNanos) {
        return Long.toString(Math.floorDiv(tsNanos, 1_000_000L));
    }
}

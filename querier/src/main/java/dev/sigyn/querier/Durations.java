package dev.sigyn.querier;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.Labels;

/**
 * Duration parsing and printing exactly as Loki's answers and error messages show them: Go's
 * {@code time.Duration.String} ({@code 2h0m0s}, {@code 1.5s}, {@code 250ms}) and Prometheus' {@code model.Duration}
 * ({@code 30d1h}, {@code 5m}), which Loki uses for {@code since}, {@code step} and its limit messages.
 */
final class Durations {
    static final long NANOS_PER_MS = 1_000_000L;
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final String[] PROM_UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] PROM_UNIT_NANOS = {
            365L * 24 * 3600 * NANOS_PER_SECOND, 7L * 24 * 3600 * NANOS_PER_SECOND, 24L * 3600 * NANOS_PER_SECOND,
            3600L * NANOS_PER_SECOND, 60L * NANOS_PER_SECOND, NANOS_PER_SECOND, NANOS_PER_MS};

    private Durations() {}

    /** Go's {@code time.Duration(nanos).String()}. */
    static String formatGo(long nanos) {
        if (nanos == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        if (nanos < 0) sb.append('-');
        // Long.MIN_VALUE has no positive counterpart; unsigned arithmetic keeps it exact, as in Go.
        long u = nanos < 0 ? -nanos : nanos;
        if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
            String unit;
            long scale;
            int precision;
            if (u < 1_000) { unit = "ns"; scale = 1; precision = 0; }
            else if (u < 1_000_000) { unit = "µs"; scale = 1_000; precision = 3; }
            else { unit = "ms"; scale = 1_000_000; precision = 6; }
            sb.append(u / scale);
            appendFraction(sb, u % scale, precision);
            return sb.append(unit).toString();
        }
        long seconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
        long fraction = Long.remainderUnsigned(u, NANOS_PER_SECOND);
        long hours = seconds / 3600;
        if (hours > 0) sb.append(hours).append('h');
        if (seconds >= 60) sb.append(seconds / 60 % 60).append('m');
        sb.append(seconds % 60);
        appendFraction(sb, fraction, 9);
        return sb.append('s').toString();
    }

    /** Appends {@code .ddd} for {@code value / 10^precision} without trailing zeros; nothing when it is zero. */
    private static void appendFraction(StringBuilder sb, long value, int precision) {
        if (value == 0 || precision == 0) return;
        String digits = Long.toString(value);
        StringBuilder frac = new StringBuilder();
        frac.append("0".repeat(precision - digits.length())).append(digits);
        int end = frac.length();
        while (end > 0 && frac.charAt(end - 1) == '0') end--;
        sb.append('.').append(frac, 0, end);
    }

    /** Prometheus' {@code model.Duration.String()}: millisecond resolution, years and weeks only when exact. */
    static String formatPrometheus(long nanos) {
        long ms = nanos / NANOS_PER_MS;
        if (ms == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PROM_UNITS.length; i++) {
            long mult = PROM_UNIT_NANOS[i] / NANOS_PER_MS;
            boolean onlyWhenExact = i < 2;
            if (onlyWhenExact && ms % mult != 0) continue;
            long v = ms / mult;
            if (v > 0) {
                sb.append(v).append(PROM_UNITS[i]);
                ms -= v * mult;
            }
        }
        return sb.toString();
    }

    /**
     * Prometheus' {@code model.ParseDuration}: units y w d h m s ms, biggest first, each at most once; "0" alone is
     * allowed. Returns nanoseconds.
     */
    static long parsePrometheus(String s) {
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw new IllegalArgumentException("empty duration string");
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int digitsStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) i++;
            if (i == digitsStart) throw notValid(s);
            long value;
            try {
                value = Long.parseLong(s.substring(digitsStart, i));
            } catch (NumberFormatException e) {
                throw notValid(s);
            }
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i))) i++;
            if (i == unitStart) throw notValid(s);
            String unit = s.substring(unitStart, i);
            int unitIndex = unitIndex(unit);
            if (unitIndex < 0) {
                throw new IllegalArgumentException("unknown unit " + quote(unit) + " in duration " + quote(s));
            }
            if (unitIndex <= lastUnit) throw notValid(s);
            lastUnit = unitIndex;
            long mult = PROM_UNIT_NANOS[unitIndex];
            if (value > Long.MAX_VALUE / mult) throw new IllegalArgumentException("duration out of range");
            total += value * mult;
            if (total < 0) throw new IllegalArgumentException("duration out of range");
        }
        return total;
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < PROM_UNITS.length; i++) if (PROM_UNITS[i].equals(unit)) return i;
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException notValid(String s) {
        return new IllegalArgumentException("not a valid duration string: " + quote(s));
    }

    /** Go's {@code %q}. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        Quoting.quote(sb, s);
        return sb.toString();
    }
}

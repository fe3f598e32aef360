package dev.sigyn.format;

import java.util.Map;

/**
 * Durations in nanoseconds, read and written as Go's {@code time.Duration} ({@code 1h30m0s}, {@code 1.5s},
 * {@code -250ms}) and Prometheus' {@code model.Duration} ({@code 30d1h}, {@code 90d}, {@code 1w}) do. Loki uses
 * both: Prometheus' for query ranges, {@code step} and limits, Go's for log lines, label filters and errors.
 */
public final class Durations {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;

    private static final Map<String, Long> GO_UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", MS, "s", S, "m", M, "h", H);
    /** Prometheus' units in the order a duration must use them, biggest first. */
    private static final String[] PROMETHEUS_UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] PROMETHEUS_UNIT_NANOS = {365 * D, 7 * D, D, H, M, S, MS};

    private Durations() {}

    /** Go's {@code time.ParseDuration}: signed, fractional amounts of ns, us (µs), ms, s, m, h; "0" alone. */
    public static long parseGo(String text) {
        String s = text;
        boolean negative = false;
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.length() - i == 1 && s.charAt(i) == '0') return 0;
        if (i == s.length()) throw invalidGo(text);
        long total = 0; // unsigned, as in Go, so that -9223372036854775808ns is reachable
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '.' && !isDigit(c)) throw invalidGo(text);
            long whole = 0;
            int wholeStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(Long.MIN_VALUE, 10)) > 0) throw invalidGo(text);
                whole = whole * 10 + (s.charAt(i++) - '0');
                if (Long.compareUnsigned(whole, Long.MIN_VALUE) > 0) throw invalidGo(text);
            }
            boolean digitsBefore = i > wholeStart;
            long fraction = 0;
            double scale = 1;
            boolean digitsAfter = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int fractionStart = ++i;
                boolean overflow = false;
                for (; i < s.length() && isDigit(s.charAt(i)); i++) {
                    if (overflow) continue;
                    if (fraction > (Long.MAX_VALUE - 9) / 10) { // Go drops the digits it cannot hold
                        overflow = true;
                        continue;
                    }
                    fraction = fraction * 10 + (s.charAt(i) - '0');
                    scale *= 10;
                }
                digitsAfter = i > fractionStart;
            }
            if (!digitsBefore && !digitsAfter) throw invalidGo(text);
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) i++;
            if (i == unitStart) throw new FormatException("time: missing unit in duration " + Quoting.quote(text));
            String unitName = s.substring(unitStart, i);
            Long unit = GO_UNITS.get(unitName);
            if (unit == null) {
                throw new FormatException("time: unknown unit " + Quoting.quote(unitName) + " in duration "
                        + Quoting.quote(text));
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(Long.MIN_VALUE, unit)) > 0) throw invalidGo(text);
            long v = whole * unit;
            if (fraction > 0) {
                // Go scales the fraction in floating point and truncates.
                v += (long) (fraction * (unit / scale));
                if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) throw invalidGo(text);
            }
            total += v;
            if (Long.compareUnsigned(total, Long.MIN_VALUE) > 0 || Long.compareUnsigned(total, v) < 0) {
                throw invalidGo(text);
            }
        }
        if (negative) return -total;
        if (total < 0) throw invalidGo(text);
        return total;
    }

    /** Prometheus' {@code model.ParseDuration}: whole amounts of y, w, d, h, m, s, ms, biggest first; "0" alone. */
    public static long parsePrometheus(String s) {
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw new FormatException("empty duration string");
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int digitsStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) i++;
            if (i == digitsStart) throw invalidPrometheus(s);
            long amount;
            try {
                amount = Long.parseUnsignedLong(s, digitsStart, i, 10);
            } catch (NumberFormatException e) {
                throw invalidPrometheus(s);
            }
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i))) i++;
            if (i == unitStart) throw invalidPrometheus(s);
            String unit = s.substring(unitStart, i);
            int u = prometheusUnit(unit);
            if (u < 0) throw new FormatException("unknown unit " + Quoting.quote(unit) + " in duration " + Quoting.quote(s));
            if (u <= lastUnit) throw invalidPrometheus(s);
            lastUnit = u;
            if (Long.compareUnsigned(amount, Long.divideUnsigned(Long.MIN_VALUE, PROMETHEUS_UNIT_NANOS[u])) > 0) {
                throw new FormatException("duration out of range");
            }
            total += amount * PROMETHEUS_UNIT_NANOS[u];
            if (total < 0) throw new FormatException("duration out of range");
        }
        return total;
    }

    /**
     * Prometheus' form when the text is one, else Go's: how Loki's LogQL lexer and its configuration read durations.
     *
     * @throws FormatException with Go's message when it is neither
     */
    public static long parseEither(String text) {
        try {
            return parsePrometheus(text);
        } catch (FormatException notPrometheus) {
            return parseGo(text);
        }
    }

    /** Go's {@code time.Duration.String()}: "2h0m0s", "1m30.5s", "1.5ms", "-250µs", "0s". */
    public static String formatGo(long nanos) {
        if (nanos == 0) return "0s";
        StringBuilder sb = new StringBuilder(24);
        if (nanos < 0) sb.append('-');
        long u = nanos < 0 ? -nanos : nanos; // unsigned: Long.MIN_VALUE stays exact, as in Go
        if (Long.compareUnsigned(u, S) < 0) {
            if (u < 1_000) return sb.append(u).append("ns").toString();
            long scale = u < MS ? 1_000 : MS;
            sb.append(u / scale);
            appendFraction(sb, u % scale, scale == 1_000 ? 3 : 6);
            return sb.append(scale == 1_000 ? "\u00b5s" : "ms").toString();
        }
        long seconds = Long.divideUnsigned(u, S);
        long hours = seconds / 3600;
        if (hours > 0) sb.append(hours).append('h');
        if (seconds >= 60) sb.append(seconds / 60 % 60).append('m');
        sb.append(seconds % 60);
        appendFraction(sb, Long.remainderUnsigned(u, S), 9);
        return sb.append('s').toString();
    }

    /**
     * Prometheus' {@code model.Duration.String()}: millisecond resolution, years and weeks only when they divide the
     * duration exactly ("90d", not "12w6d"), "0s" for zero. Like Prometheus, a negative duration prints as "".
     */
    public static String formatPrometheus(long nanos) {
        long ms = nanos / MS;
        if (ms == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PROMETHEUS_UNITS.length; i++) {
            long unitMs = PROMETHEUS_UNIT_NANOS[i] / MS;
            boolean onlyWhenExact = i < 2;
            if (onlyWhenExact && ms % unitMs != 0) continue;
            long amount = ms / unitMs;
            if (amount > 0) {
                sb.append(amount).append(PROMETHEUS_UNITS[i]);
                ms -= amount * unitMs;
            }
        }
        return sb.toString();
    }

    /** Appends {@code .ddd} for {@code value / 10^digits} without trailing zeros; nothing when it is zero. */
    private static void appendFraction(StringBuilder sb, long value, int digits) {
        if (value == 0) return;
        String text = Long.toString(value);
        int end = text.length();
        while (text.charAt(end - 1) == '0') end--;
        sb.append('.').append("0".repeat(digits - text.length())).append(text, 0, end);
    }

    private static int prometheusUnit(String unit) {
        for (int i = 0; i < PROMETHEUS_UNITS.length; i++) if (PROMETHEUS_UNITS[i].equals(unit)) return i;
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static FormatException invalidGo(String s) {
        return new FormatException("time: invalid duration " + Quoting.quote(s));
    }

    private static FormatException invalidPrometheus(String s) {
        return new FormatException("not a valid duration string: " + Quoting.quote(s));
    }
}

package dev.sigyn.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Durations as Loki writes them. Parsing accepts the union of Go's {@code time.ParseDuration} and Prometheus'
 * {@code model.ParseDuration} units (so "1h30m", "1.5h", "7d", "1w", "500ms" and a bare "0" all work on every
 * duration key); printing reproduces whichever of the two formats Loki uses for the key.
 */
final class Durations {
    private static final long NANOS_PER_MS = 1_000_000L;
    private static final long NANOS_PER_S = 1_000_000_000L;
    private static final long NANOS_PER_DAY = 86_400 * NANOS_PER_S;
    private static final Map<String, Long> UNIT_NANOS = Map.ofEntries(
            Map.entry("ns", 1L),
            Map.entry("us", 1_000L), Map.entry("\u00b5s", 1_000L), Map.entry("\u03bcs", 1_000L),
            Map.entry("ms", NANOS_PER_MS),
            Map.entry("s", NANOS_PER_S),
            Map.entry("m", 60 * NANOS_PER_S),
            Map.entry("h", 3_600 * NANOS_PER_S),
            Map.entry("d", NANOS_PER_DAY),
            Map.entry("w", 7 * NANOS_PER_DAY),
            Map.entry("y", 365 * NANOS_PER_DAY));
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private Durations() {}

    /** Parses a non-negative duration; the exception message is the reason, for the caller to put in context. */
    static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) throw new IllegalArgumentException("expected a duration such as 30s, 1h30m or 7d");
        if (s.startsWith("-")) throw new IllegalArgumentException("must not be negative");
        if (s.startsWith("+")) s = s.substring(1);
        if (s.equals("0")) return Duration.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            String number = s.substring(numberStart, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
            String unit = s.substring(unitStart, i);
            Long unitNanos = UNIT_NANOS.get(unit);
            if (!number.matches("\\d+(\\.\\d*)?|\\.\\d+") || unitNanos == null) {
                throw new IllegalArgumentException("expected a duration such as 30s, 1h30m or 7d"
                        + " (units: ns, us, ms, s, m, h, d, w, y)");
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
        }
        BigInteger nanos = total.toBigInteger();
        if (nanos.compareTo(MAX_NANOS) > 0) throw new IllegalArgumentException("duration is too long");
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** Go's {@code time.Duration.String()}: "30s", "30m0s", "2h0m0s", "1.5s", "500ms". */
    static String formatGo(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) return "0s";
        if (nanos < 1_000) return nanos + "ns";
        if (nanos < NANOS_PER_MS) return withFraction(nanos, 1_000) + "\u00b5s";
        if (nanos < NANOS_PER_S) return withFraction(nanos, NANOS_PER_MS) + "ms";
        long hours = nanos / (3_600 * NANOS_PER_S);
        long minutes = nanos / (60 * NANOS_PER_S) % 60;
        String seconds = withFraction(nanos % (60 * NANOS_PER_S), NANOS_PER_S) + "s";
        if (hours > 0) return hours + "h" + minutes + "m" + seconds;
        if (minutes > 0) return minutes + "m" + seconds;
        return seconds;
    }

    /**
     * Prometheus' {@code model.Duration.String()}: "10m", "1w", "30d1h". Prometheus durations have millisecond
     * precision; a finer value is printed in Go's format instead so that printing then parsing keeps it exact.
     */
    static String formatPrometheus(Duration d) {
        long nanos = d.toNanos();
        if (nanos % NANOS_PER_MS != 0) return formatGo(d);
        long ms = nanos / NANOS_PER_MS;
        if (ms == 0) return "0s";
        StringBuilder out = new StringBuilder();
        // Years and weeks only when exact: "90d" reads better than "12w6d".
        ms = appendUnit(out, ms, 365L * 86_400_000, "y", true);
        ms = appendUnit(out, ms, 7L * 86_400_000, "w", true);
        ms = appendUnit(out, ms, 86_400_000, "d", false);
        ms = appendUnit(out, ms, 3_600_000, "h", false);
        ms = appendUnit(out, ms, 60_000, "m", false);
        ms = appendUnit(out, ms, 1_000, "s", false);
        appendUnit(out, ms, 1, "ms", false);
        return out.toString();
    }

    private static long appendUnit(StringBuilder out, long ms, long unitMs, String unit, boolean onlyIfExact) {
        if (onlyIfExact && ms % unitMs != 0) return ms;
        long count = ms / unitMs;
        if (count == 0) return ms;
        out.append(count).append(unit);
        return ms - count * unitMs;
    }

    /** {@code value / unit} written with the decimal fraction it needs and no trailing zeros. */
    private static String withFraction(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }
}

package dev.sigyn.format;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unix nanosecond timestamps printed in UTC with Go's layouts, as Loki's answers and error messages show them:
 * {@code time.RFC3339} ({@code 2024-05-01T10:00:00Z}), {@code time.RFC3339Nano} ({@code 2024-05-01T10:00:00.5Z})
 * and {@code time.Time.String()} ({@code 2024-05-01 10:00:00.5 +0000 UTC}); and RFC 3339 read as Go's
 * {@code time.Parse} reads it.
 */
public final class Timestamps {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d+))?(Z|([+-])(\\d{2}):(\\d{2}))");

    private Timestamps() {}

    /** {@code t.Format(time.RFC3339)}: whole seconds (the fraction is cut, not rounded) and a {@code Z}. */
    public static String rfc3339(long unixNanos) {
        LocalDateTime t = utc(unixNanos);
        StringBuilder sb = new StringBuilder(20);
        appendDate(sb, t).append('T');
        return appendClock(sb, t).append('Z').toString();
    }

    /** {@code t.Format(time.RFC3339Nano)}: the fraction without trailing zeros, none when it is zero. */
    public static String rfc3339Nano(long unixNanos) {
        LocalDateTime t = utc(unixNanos);
        StringBuilder sb = new StringBuilder(30);
        appendDate(sb, t).append('T');
        appendFraction(appendClock(sb, t), t.getNano());
        return sb.append('Z').toString();
    }

    /** {@code t.String()} of a UTC time: {@code 2024-05-01 10:00:00.5 +0000 UTC} (see {@link GoTime}). */
    public static String goString(long unixNanos) {
        return GoTime.ofUnixNanos(unixNanos).toString();
    }

    /**
     * Go's {@code time.Parse(time.RFC3339Nano, text)} in Unix nanoseconds: {@code 2024-05-01T10:00:00Z},
     * {@code 2024-05-01T12:00:00.5+02:00}; the fraction is optional, of any length (digits past the ninth are
     * dropped) and may follow a comma.
     */
    public static long parseRfc3339(String text) {
        Matcher m = RFC3339.matcher(text);
        if (!m.matches()) throw notRfc3339(text);
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
            int offsetSeconds = 0;
            if (m.group(9) != null) {
                int hours = Integer.parseInt(m.group(10));
                int minutes = Integer.parseInt(m.group(11));
                if (hours > 23 || minutes > 59) throw notRfc3339(text);
                offsetSeconds = (hours * 3600 + minutes * 60) * (m.group(9).equals("-") ? -1 : 1);
            }
            long epochSecond = local.toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds));
            String fraction = m.group(7) == null ? "" : m.group(7);
            String nine = fraction.length() > 9 ? fraction.substring(0, 9) : fraction + "0".repeat(9 - fraction.length());
            return Math.addExact(Math.multiplyExact(epochSecond, NANOS_PER_SECOND), Long.parseLong(nine));
        } catch (DateTimeException | ArithmeticException e) {
            throw notRfc3339(text);
        }
    }

    private static FormatException notRfc3339(String text) {
        return new FormatException("not an RFC 3339 time: " + Quoting.quote(text));
    }

    private static LocalDateTime utc(long unixNanos) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(unixNanos, NANOS_PER_SECOND),
                (int) Math.floorMod(unixNanos, NANOS_PER_SECOND), ZoneOffset.UTC);
    }

    private static StringBuilder appendDate(StringBuilder sb, LocalDateTime t) {
        appendPadded(sb, t.getYear(), 4).append('-');
        appendPadded(sb, t.getMonthValue(), 2).append('-');
        return appendPadded(sb, t.getDayOfMonth(), 2);
    }

    private static StringBuilder appendClock(StringBuilder sb, LocalDateTime t) {
        appendPadded(sb, t.getHour(), 2).append(':');
        appendPadded(sb, t.getMinute(), 2).append(':');
        return appendPadded(sb, t.getSecond(), 2);
    }

    private static void appendFraction(StringBuilder sb, int nanos) {
        if (nanos == 0) return;
        String digits = Integer.toString(nanos);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') end--;
        sb.append('.').append("0".repeat(9 - digits.length())).append(digits, 0, end);
    }

    /** Go pads a year to four digits and writes a negative one with its sign ({@code -0001}). */
    private static StringBuilder appendPadded(StringBuilder sb, int value, int width) {
        if (value < 0) {
            sb.append('-');
            value = -value;
        }
        String digits = Integer.toString(value);
        return sb.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
    }
}

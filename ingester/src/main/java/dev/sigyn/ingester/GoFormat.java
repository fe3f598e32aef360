package dev.sigyn.ingester;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Renders values the way Loki's Go code prints them in error messages, so clients see the same text. */
final class GoFormat {
    private GoFormat() {}

    /** Go's {@code time.Time.String()} for a UTC time: {@code 2024-05-01 10:00:00.5 +0000 UTC}. */
    static String timeString(long unixNanos) {
        LocalDateTime t = utc(unixNanos);
        StringBuilder sb = new StringBuilder(40);
        appendDate(sb, t).append(' ');
        appendClock(sb, t);
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') end--;
            sb.append('.').append(frac, 0, end);
        }
        return sb.append(" +0000 UTC").toString();
    }

    /** Go's {@code t.Format(time.RFC3339)} for a UTC time: whole seconds and a {@code Z}. */
    static String rfc3339(long unixNanos) {
        LocalDateTime t = utc(unixNanos);
        StringBuilder sb = new StringBuilder(20);
        appendDate(sb, t).append('T');
        return appendClock(sb, t).append('Z').toString();
    }

    /**
     * A byte count as Loki's {@code flagext.ByteSize} prints it: the largest binary unit that divides it exactly
     * ({@code 3MB} for 3 MiB, {@code 1500KB}, {@code 3000000B}).
     */
    static String byteSize(long bytes) {
        if (bytes == 0) return "0B";
        String[] units = {"EB", "PB", "TB", "GB", "MB", "KB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes % unit == 0) return (bytes / unit) + units[i];
        }
        return bytes + "B";
    }

    private static LocalDateTime utc(long unixNanos) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(unixNanos, 1_000_000_000L),
                (int) Math.floorMod(unixNanos, 1_000_000_000L), ZoneOffset.UTC);
    }

    private static StringBuilder appendDate(StringBuilder sb, LocalDateTime t) {
        return sb.append(String.format("%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth()));
    }

    private static StringBuilder appendClock(StringBuilder sb, LocalDateTime t) {
        return sb.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    }
}

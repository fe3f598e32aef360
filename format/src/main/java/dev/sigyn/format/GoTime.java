package dev.sigyn.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** A Go time.Time value: an instant with a location. Printing and layouts follow Go's reference-time rules. */
public record GoTime(ZonedDateTime time) {
    /** Loki runs in UTC; Go's "Local" is therefore UTC here. */
    public static final ZoneId LOCAL = ZoneOffset.UTC;
    public static final GoTime ZERO = new GoTime(ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));

    public static GoTime ofUnixNanos(long nanos) {
        return new GoTime(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .atZone(LOCAL));
    }

    public static GoTime ofUnix(long seconds, long nanos) {
        return new GoTime(Instant.ofEpochSecond(seconds, nanos).atZone(LOCAL));
    }

    public long unixSeconds() {
        return time.toEpochSecond();
    }

    /** Like Go, wraps around outside the years 1678..2262. */
    public long unixNanos() {
        return time.toEpochSecond() * 1_000_000_000L + time.getNano();
    }

    public long unixMillis() {
        return Math.floorDiv(unixNanos(), 1_000_000L);
    }

    public GoTime in(ZoneId zone) {
        return new GoTime(time.withZoneSameInstant(zone));
    }

    /** Go's time.Time.String(). */
    @Override
    public String toString() {
        return format(GoTimeLayout.TO_STRING);
    }

    public String zoneAbbreviation() {
        ZoneId zone = time.getZone();
        if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Etc/UTC")) return "UTC";
        if (zone instanceof ZoneOffset) return "";
        return DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(time);
    }

    public String format(String layout) {
        return GoTimeLayout.format(this, layout);
    }

    public static String monthName(int month) {
        return java.time.Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}

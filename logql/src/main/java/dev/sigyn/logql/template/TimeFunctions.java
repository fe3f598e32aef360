package dev.sigyn.logql.template;

import dev.sigyn.format.GoTime;
import dev.sigyn.format.GoTimeLayout;

import dev.sigyn.format.ByteSizes;
import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.Quoting;

import static dev.sigyn.logql.template.TemplateFunction.Param.ANY;
import static dev.sigyn.logql.template.TemplateFunction.Param.STRING;
import static dev.sigyn.logql.template.TemplateFunction.Param.TIME;
import static dev.sigyn.logql.template.TemplateFunction.of;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Per-line, time and unit functions: __line__, __timestamp__, Loki's bytes/duration/unixToTime/toDateInZone/
 * unixEpochMillis/unixEpochNanos and sprig's date/toDate/now/unixEpoch, plus sprig's fromJson.
 */
final class TimeFunctions {
    private TimeFunctions() {}

    static List<TemplateFunction> all() {
        return List.of(
                of("__line__", (c, a) -> c.line()),
                of("__timestamp__", (c, a) -> GoTime.ofUnixNanos(c.timestampNanos())),
                of("bytes", (c, a) -> parseBytes((String) a[0]), STRING),
                of("duration", (c, a) -> durationSeconds((String) a[0]), STRING),
                of("duration_seconds", (c, a) -> durationSeconds((String) a[0]), STRING),
                of("unixEpochMillis", (c, a) -> Long.toString(((GoTime) a[0]).unixMillis()), TIME),
                of("unixEpochNanos", (c, a) -> Long.toString(((GoTime) a[0]).unixNanos()), TIME),
                of("unixEpoch", (c, a) -> Long.toString(((GoTime) a[0]).unixSeconds()), TIME),
                of("toDateInZone", (c, a) -> parseOrZero((String) a[0], (String) a[2], zone((String) a[1])), STRING, STRING, STRING),
                of("toDate", (c, a) -> parseOrZero((String) a[0], (String) a[1], GoTime.LOCAL), STRING, STRING),
                of("unixToTime", (c, a) -> unixToTime((String) a[0]), STRING),
                of("date", (c, a) -> date((String) a[0], a[1]), STRING, ANY),
                of("now", (c, a) -> new GoTime(java.time.ZonedDateTime.now(GoTime.LOCAL))),
                of("fromJson", (c, a) -> JsonValues.parseOrNull((String) a[0]), STRING));
    }

    private static ZoneId zone(String name) {
        if (name.isEmpty() || name.equals("UTC")) return ZoneOffset.UTC;
        if (name.equals("Local")) return GoTime.LOCAL;
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static GoTime parseOrZero(String layout, String value, ZoneId zone) {
        GoTime t = GoTimeLayout.parseOrNull(layout, value, zone);
        return t != null ? t : GoTime.ZERO;
    }

    /** sprig's date: a time, or Unix seconds as an integer; anything else means "now". */
    private static String date(String layout, Object date) {
        GoTime t = switch (date) {
            case GoTime g -> g;
            case Long seconds -> GoTime.ofUnix(seconds, 0);
            case null, default -> new GoTime(java.time.ZonedDateTime.now(GoTime.LOCAL));
        };
        return t.in(GoTime.LOCAL).format(layout);
    }

    /** Loki's unixToTime: the number of digits says the unit (days, s, ms, µs, ns). */
    private static GoTime unixToTime(String epoch) {
        Long v = parseDecimal(epoch);
        if (v == null) {
            throw new GoError("unable to parse time '" + epoch + "': strconv.ParseInt: parsing " + Quoting.quote(epoch)
                    + ": invalid syntax");
        }
        return switch (epoch.length()) {
            case 5 -> GoTime.ofUnix(v * 86400, 0);
            case 10 -> GoTime.ofUnix(v, 0);
            case 13 -> GoTime.ofUnixNanos(v * 1_000_000L);
            case 16 -> GoTime.ofUnixNanos(v * 1_000L);
            case 19 -> GoTime.ofUnixNanos(v);
            default -> throw new GoError("unable to parse time '" + epoch + "': %!w(<nil>)");
        };
    }

    private static Long parseDecimal(String s) {
        if (s.isEmpty() || s.contains("_")) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The fields and argument-less methods of time.Time that a template may read, e.g. (__timestamp__).Unix. */
    static Object method(GoTime t, String name) {
        return switch (name) {
            case "Unix" -> t.unixSeconds();
            case "UnixMilli" -> t.unixMillis();
            case "UnixMicro" -> Math.floorDiv(t.unixNanos(), 1000L);
            case "UnixNano" -> t.unixNanos();
            case "Year" -> (long) t.time().getYear();
            case "Month" -> GoTime.monthName(t.time().getMonthValue());
            case "Day" -> (long) t.time().getDayOfMonth();
            case "Hour" -> (long) t.time().getHour();
            case "Minute" -> (long) t.time().getMinute();
            case "Second" -> (long) t.time().getSecond();
            case "Nanosecond" -> (long) t.time().getNano();
            case "YearDay" -> (long) t.time().getDayOfYear();
            case "UTC" -> t.in(ZoneOffset.UTC);
            case "Local" -> t.in(GoTime.LOCAL);
            case "String" -> t.toString();
            case "IsZero" -> t.equals(GoTime.ZERO) || t.time().toInstant().equals(GoTime.ZERO.time().toInstant());
            default -> null;
        };
    }

    /** go-humanize ParseBytes ("42 MB", "1.5KiB"), returned as float64 like Loki's bytes(). */
    static double parseBytes(String s) {
        try {
            long bytes = ByteSizes.parseHumanized(s);
            return bytes >= 0 ? bytes : 0x1p63 + (bytes & Long.MAX_VALUE); // Go's uint64
        } catch (FormatException e) {
            throw new GoError(e.getMessage());
        }
    }

    /** time.ParseDuration, returned as float64 seconds like Loki's duration(). */
    static double durationSeconds(String s) {
        try {
            long nanos = Durations.parseGo(s);
            return (double) (nanos / 1_000_000_000L) + (nanos % 1_000_000_000L) / 1e9;
        } catch (FormatException e) {
            throw new GoError(e.getMessage());
        }
    }
}

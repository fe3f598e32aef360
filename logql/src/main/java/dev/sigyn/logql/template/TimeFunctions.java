package dev.sigyn.logql.template;

import static dev.sigyn.logql.template.TemplateFunction.Param.ANY;
import static dev.sigyn.logql.template.TemplateFunction.Param.STRING;
import static dev.sigyn.logql.template.TemplateFunction.Param.TIME;
import static dev.sigyn.logql.template.TemplateFunction.of;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

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
        try {
            return GoTimeLayout.parse(layout, value, zone);
        } catch (GoError e) {
            return GoTime.ZERO;
        }
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
            throw new GoError("unable to parse time '" + epoch + "': strconv.ParseInt: parsing " + GoStrings.quote(epoch)
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

    private static final Map<String, Long> BYTE_UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("kib", 1L << 10), Map.entry("ki", 1L << 10), Map.entry("kb", 1000L), Map.entry("k", 1000L),
            Map.entry("mib", 1L << 20), Map.entry("mi", 1L << 20), Map.entry("mb", 1000_000L), Map.entry("m", 1000_000L),
            Map.entry("gib", 1L << 30), Map.entry("gi", 1L << 30), Map.entry("gb", 1000_000_000L), Map.entry("g", 1000_000_000L),
            Map.entry("tib", 1L << 40), Map.entry("ti", 1L << 40), Map.entry("tb", 1000_000_000_000L), Map.entry("t", 1000_000_000_000L),
            Map.entry("pib", 1L << 50), Map.entry("pi", 1L << 50), Map.entry("pb", 1000_000_000_000_000L), Map.entry("p", 1000_000_000_000_000L),
            Map.entry("eib", 1L << 60), Map.entry("ei", 1L << 60), Map.entry("eb", 1000_000_000_000_000_000L), Map.entry("e", 1000_000_000_000_000_000L));

    /** go-humanize ParseBytes ("42 MB", "1.5KiB"), returned as float64 like Loki's bytes(). */
    static double parseBytes(String s) {
        int last = 0;
        boolean comma = false;
        while (last < s.length()) {
            char c = s.charAt(last);
            if (!(Character.isDigit(c) || c == '.' || c == ',')) break;
            if (c == ',') comma = true;
            last++;
        }
        String num = s.substring(0, last);
        if (comma) num = num.replace(",", "");
        Double f = GoNumbers.parseFloat(num);
        if (f == null) throw new GoError("strconv.ParseFloat: parsing " + GoStrings.quote(num) + ": invalid syntax");
        String unit = StringFunctions.trimSpace(s.substring(last)).toLowerCase(java.util.Locale.ROOT);
        Long mult = BYTE_UNITS.get(unit);
        if (mult == null) throw new GoError("unhandled size name: " + unit);
        double v = f * mult;
        if (v >= 0x1p64) throw new GoError("too large: " + s);
        return (double) (v >= 0x1p63 ? v : (long) v);
    }

    /** time.ParseDuration, returned as float64 seconds like Loki's duration(). */
    static double durationSeconds(String s) {
        String orig = s;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalidDuration(orig);
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            String whole = s.substring(start, i);
            String frac = "";
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fs = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                frac = s.substring(fs, i);
            }
            if (whole.isEmpty() && frac.isEmpty()) throw invalidDuration(orig);
            int us = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) i++;
            String unit = s.substring(us, i);
            if (unit.isEmpty()) throw new GoError("time: missing unit in duration " + GoStrings.quote(orig));
            long perUnit = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new GoError("time: unknown unit " + GoStrings.quote(unit) + " in duration " + GoStrings.quote(orig));
            };
            try {
                long v = Math.multiplyExact(whole.isEmpty() ? 0 : Long.parseLong(whole), perUnit);
                if (!frac.isEmpty()) {
                    // Like Go: the fraction is scaled in floating point and truncated.
                    String digits = frac.length() > 18 ? frac.substring(0, 18) : frac;
                    v = Math.addExact(v, (long) (Long.parseLong(digits) * (perUnit / Math.pow(10, digits.length()))));
                }
                total = Math.addExact(total, v);
            } catch (ArithmeticException | NumberFormatException e) {
                throw invalidDuration(orig);
            }
        }
        if (neg) total = -total;
        return (double) (total / 1_000_000_000L) + (total % 1_000_000_000L) / 1e9;
    }

    private static GoError invalidDuration(String s) {
        return new GoError("time: invalid duration " + GoStrings.quote(s));
    }
}

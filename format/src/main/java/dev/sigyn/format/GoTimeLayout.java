package dev.sigyn.format;


import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Go's layout strings ("2006-01-02T15:04:05Z07:00"): splitting into elements, formatting and parsing. */
public final class GoTimeLayout {
    private GoTimeLayout() {}

    enum Std {
        LONG_MONTH("January"), MONTH("Jan"), NUM_MONTH("1"), ZERO_MONTH("01"), LONG_WEEKDAY("Monday"),
        WEEKDAY("Mon"), DAY("2"), UNDER_DAY("_2"), ZERO_DAY("02"), UNDER_YEAR_DAY("__2"), ZERO_YEAR_DAY("002"),
        HOUR("15"), HOUR12("3"), ZERO_HOUR12("03"), MINUTE("4"), ZERO_MINUTE("04"), SECOND("5"),
        ZERO_SECOND("05"), LONG_YEAR("2006"), YEAR("06"), PM("PM"), LOWER_PM("pm"), TZ("MST"),
        ISO_TZ_SECONDS("Z070000"), ISO_TZ("Z0700"), ISO_COLON_TZ_SECONDS("Z07:00:00"), ISO_COLON_TZ("Z07:00"),
        ISO_SHORT_TZ("Z07"), NUM_TZ_SECONDS("-070000"), NUM_TZ("-0700"), NUM_COLON_TZ_SECONDS("-07:00:00"),
        NUM_COLON_TZ("-07:00"), NUM_SHORT_TZ("-07"), FRAC0(""), FRAC9(""), LITERAL("");

        final String text;

        Std(String text) {
            this.text = text;
        }
    }

    /** One piece of a layout: a literal, or an element with (for fractions) its digit count and separator. */
    record Chunk(Std std, String literal, int digits, char separator) {
        /** How many characters of the layout this piece takes. */
        int length() {
            if (std == Std.LITERAL) return literal.length();
            return std == Std.FRAC0 || std == Std.FRAC9 ? digits + 1 : std.text.length();
        }
    }

    /** The piece of the layout that starts at {@code i}: an element, or the literal text up to the next one. */
    private static Chunk chunkAt(String layout, int i) {
        Chunk c = stdAt(layout, i);
        if (c != null) return c;
        int end = i + 1;
        while (end < layout.length() && stdAt(layout, end) == null) end++;
        return new Chunk(Std.LITERAL, layout.substring(i, end), 0, ' ');
    }

    static List<Chunk> split(String layout) {
        List<Chunk> chunks = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            Chunk c = stdAt(layout, i);
            if (c == null) {
                lit.append(layout.charAt(i++));
                continue;
            }
            if (!lit.isEmpty()) {
                chunks.add(new Chunk(Std.LITERAL, lit.toString(), 0, ' '));
                lit.setLength(0);
            }
            chunks.add(c);
            i += c.std == Std.FRAC0 || c.std == Std.FRAC9 ? c.digits + 1 : c.std.text.length();
        }
        if (!lit.isEmpty()) chunks.add(new Chunk(Std.LITERAL, lit.toString(), 0, ' '));
        return chunks;
    }

    private static final Chunk[] ELEMENTS = new Chunk[Std.values().length];

    static {
        for (Std s : Std.values()) ELEMENTS[s.ordinal()] = new Chunk(s, null, 0, ' ');
    }

    private static Chunk std(Std s) {
        return ELEMENTS[s.ordinal()];
    }

    /** Zone elements in the order they are tried: the longest first. */
    private static final Std[] NUMERIC_ZONES = {Std.NUM_TZ_SECONDS, Std.NUM_COLON_TZ_SECONDS, Std.NUM_TZ,
            Std.NUM_COLON_TZ, Std.NUM_SHORT_TZ};
    private static final Std[] ISO_ZONES = {Std.ISO_TZ_SECONDS, Std.ISO_COLON_TZ_SECONDS, Std.ISO_TZ, Std.ISO_COLON_TZ,
            Std.ISO_SHORT_TZ};

    private static Chunk stdAt(String l, int i) {
        switch (l.charAt(i)) {
            case 'J':
                if (l.startsWith("January", i)) return std(Std.LONG_MONTH);
                if (l.startsWith("Jan", i)) return std(Std.MONTH);
                break;
            case 'M':
                if (l.startsWith("Monday", i)) return std(Std.LONG_WEEKDAY);
                if (l.startsWith("Mon", i)) return std(Std.WEEKDAY);
                if (l.startsWith("MST", i)) return std(Std.TZ);
                break;
            case '0':
                if (l.startsWith("002", i)) return std(Std.ZERO_YEAR_DAY);
                if (l.length() > i + 1 && l.charAt(i + 1) >= '1' && l.charAt(i + 1) <= '6') {
                    return std(switch (l.charAt(i + 1)) {
                        case '1' -> Std.ZERO_MONTH;
                        case '2' -> Std.ZERO_DAY;
                        case '3' -> Std.ZERO_HOUR12;
                        case '4' -> Std.ZERO_MINUTE;
                        case '5' -> Std.ZERO_SECOND;
                        default -> Std.YEAR;
                    });
                }
                break;
            case '1':
                return std(l.startsWith("15", i) ? Std.HOUR : Std.NUM_MONTH);
            case '2':
                return std(l.startsWith("2006", i) ? Std.LONG_YEAR : Std.DAY);
            case '_':
                if (l.startsWith("_2", i) && !l.startsWith("_2006", i)) return std(Std.UNDER_DAY);
                if (l.startsWith("__2", i)) return std(Std.UNDER_YEAR_DAY);
                break;
            case '3': return std(Std.HOUR12);
            case '4': return std(Std.MINUTE);
            case '5': return std(Std.SECOND);
            case 'P':
                if (l.startsWith("PM", i)) return std(Std.PM);
                break;
            case 'p':
                if (l.startsWith("pm", i)) return std(Std.LOWER_PM);
                break;
            case '-':
                for (Std s : NUMERIC_ZONES) {
                    if (l.startsWith(s.text, i)) return std(s);
                }
                break;
            case 'Z':
                for (Std s : ISO_ZONES) {
                    if (l.startsWith(s.text, i)) return std(s);
                }
                break;
            case '.', ',':
                if (l.length() > i + 1 && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
                    char ch = l.charAt(i + 1);
                    int j = 1;
                    while (i + j < l.length() && l.charAt(i + j) == ch) j++;
                    if (i + j >= l.length() || !Character.isDigit(l.charAt(i + j))) {
                        return new Chunk(ch == '0' ? Std.FRAC0 : Std.FRAC9, null, j - 1, l.charAt(i));
                    }
                }
                break;
            default:
                break;
        }
        return null;
    }

    public static String format(GoTime gt, String layout) {
        return format(gt, chunks(layout));
    }

    /** The layout of Go's {@code Time.String()}, which templates print times with. */
    static final String TO_STRING = "2006-01-02 15:04:05.999999999 -0700 MST";

    /** Layouts split before: templates and label formats apply a few constant layouts to every line. */
    private static final Map<String, List<Chunk>> SPLIT = new ConcurrentHashMap<>();
    private static final int MAX_SPLIT_LAYOUTS = 256;
    /** Longer layouts are split at each use, so that the cache stays small. */
    private static final int MAX_SPLIT_LAYOUT_LENGTH = 256;

    private static List<Chunk> chunks(String layout) {
        List<Chunk> chunks = SPLIT.get(layout);
        if (chunks != null) return chunks;
        chunks = List.copyOf(split(layout));
        if (layout.length() <= MAX_SPLIT_LAYOUT_LENGTH) {
            if (SPLIT.size() >= MAX_SPLIT_LAYOUTS) SPLIT.clear();
            SPLIT.put(layout, chunks);
        }
        return chunks;
    }

    private static String format(GoTime gt, List<Chunk> chunks) {
        ZonedDateTime t = gt.time();
        StringBuilder b = new StringBuilder(40);
        for (Chunk c : chunks) {
            switch (c.std) {
                case LITERAL -> b.append(c.literal);
                case LONG_MONTH -> b.append(GoTime.monthName(t.getMonthValue()));
                case MONTH -> b.append(GoTime.monthName(t.getMonthValue()), 0, 3);
                case NUM_MONTH -> b.append(t.getMonthValue());
                case ZERO_MONTH -> pad(b, t.getMonthValue(), 2, '0');
                case LONG_WEEKDAY -> b.append(weekday(t));
                case WEEKDAY -> b.append(weekday(t), 0, 3);
                case DAY -> b.append(t.getDayOfMonth());
                case UNDER_DAY -> pad(b, t.getDayOfMonth(), 2, ' ');
                case ZERO_DAY -> pad(b, t.getDayOfMonth(), 2, '0');
                case UNDER_YEAR_DAY -> pad(b, t.getDayOfYear(), 3, ' ');
                case ZERO_YEAR_DAY -> pad(b, t.getDayOfYear(), 3, '0');
                case HOUR -> pad(b, t.getHour(), 2, '0');
                case HOUR12 -> b.append(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
                case ZERO_HOUR12 -> pad(b, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, '0');
                case MINUTE -> b.append(t.getMinute());
                case ZERO_MINUTE -> pad(b, t.getMinute(), 2, '0');
                case SECOND -> b.append(t.getSecond());
                case ZERO_SECOND -> pad(b, t.getSecond(), 2, '0');
                case LONG_YEAR -> pad(b, t.getYear(), 4, '0');
                case YEAR -> pad(b, Math.floorMod(t.getYear(), 100), 2, '0');
                case PM -> b.append(t.getHour() >= 12 ? "PM" : "AM");
                case LOWER_PM -> b.append(t.getHour() >= 12 ? "pm" : "am");
                case TZ -> {
                    String abbr = gt.zoneAbbreviation();
                    if (!abbr.isEmpty()) b.append(abbr);
                    else offset(b, t.getOffset().getTotalSeconds(), false, false, false);
                }
                case FRAC0, FRAC9 -> fraction(b, t.getNano(), c);
                default -> zone(b, t.getOffset().getTotalSeconds(), c.std);
            }
        }
        return b.toString();
    }

    private static String weekday(ZonedDateTime t) {
        String n = t.getDayOfWeek().name();
        return n.charAt(0) + n.substring(1).toLowerCase();
    }

    private static void pad(StringBuilder b, int v, int width, char with) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) b.append(with);
        b.append(s);
    }

    private static void fraction(StringBuilder b, int nanos, Chunk c) {
        String nine = Integer.toString(nanos);
        nine = "000000000".substring(nine.length()) + nine;
        String digits = nine.substring(0, Math.min(c.digits, 9));
        if (c.std == Std.FRAC9) {
            int end = digits.length();
            while (end > 0 && digits.charAt(end - 1) == '0') end--;
            if (end == 0) return;
            digits = digits.substring(0, end);
        }
        b.append(c.separator).append(digits);
    }

    private static void zone(StringBuilder b, int offsetSeconds, Std s) {
        boolean iso = s.name().startsWith("ISO");
        if (iso && offsetSeconds == 0) {
            b.append('Z');
            return;
        }
        boolean colon = s.text.contains(":");
        boolean seconds = s.text.length() >= 7 && (s.text.endsWith("0000") || s.text.endsWith(":00:00"));
        boolean shortForm = s == Std.NUM_SHORT_TZ || s == Std.ISO_SHORT_TZ;
        offset(b, offsetSeconds, colon, seconds, shortForm);
    }

    private static void offset(StringBuilder b, int total, boolean colon, boolean seconds, boolean shortForm) {
        b.append(total < 0 ? '-' : '+');
        int a = Math.abs(total);
        pad(b, a / 3600, 2, '0');
        if (shortForm) return;
        if (colon) b.append(':');
        pad(b, a / 60 % 60, 2, '0');
        if (seconds) {
            if (colon) b.append(':');
            pad(b, a % 60, 2, '0');
        }
    }

    /** time.ParseInLocation; throws FormatException with Go's wording on mismatch. */
    public static GoTime parse(String layout, String value, ZoneId location) {
        return parse(layout, value, location, true);
    }

    /** time.ParseInLocation, or null on mismatch: for callers that drop Go's error text, which is not built. */
    public static GoTime parseOrNull(String layout, String value, ZoneId location) {
        try {
            return parse(layout, value, location, false);
        } catch (FormatException e) {
            return null;
        }
    }

    /** Thrown instead of an explained error when nobody reads the explanation. */
    private static final FormatException UNEXPLAINED = new FormatException("cannot parse");

    private static GoTime parse(String layout, String value, ZoneId location, boolean explain) {
        int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0;
        Integer offset = null;
        boolean pm = false, pmSet = false;
        String v = value;
        // Piece by piece rather than split whole: a value that does not match stops at the first piece it fails.
        for (int at = 0; at < layout.length(); ) {
            Chunk c = chunkAt(layout, at);
            at += c.length();
            if (c.std == Std.LITERAL) {
                if (!v.startsWith(c.literal)) throw explain ? cannotParse(layout, value, v, c.literal) : UNEXPLAINED;
                v = v.substring(c.literal.length());
                continue;
            }
            String elem = c.std == Std.FRAC0 || c.std == Std.FRAC9 ? "." : c.std.text;
            try {
                switch (c.std) {
                    case LONG_YEAR -> { year = number(take(v, 4)); v = v.substring(4); }
                    case YEAR -> {
                        int y = number(take(v, 2));
                        year = y >= 69 ? 1900 + y : 2000 + y;
                        v = v.substring(2);
                    }
                    case LONG_MONTH, MONTH -> {
                        int found = -1;
                        for (int m = 1; m <= 12 && found < 0; m++) {
                            String name = GoTime.monthName(m);
                            if (c.std == Std.MONTH) name = name.substring(0, 3);
                            if (v.regionMatches(true, 0, name, 0, name.length())) {
                                found = m;
                                v = v.substring(name.length());
                            }
                        }
                        if (found < 0) throw MISMATCH;
                        month = found;
                    }
                    case LONG_WEEKDAY, WEEKDAY -> {
                        int n = 0;
                        while (n < v.length() && Character.isLetter(v.charAt(n))) n++;
                        if (n < 3) throw MISMATCH;
                        v = v.substring(n);
                    }
                    case NUM_MONTH, ZERO_MONTH -> { int[] r = num(v, c.std == Std.ZERO_MONTH); month = r[0]; v = v.substring(r[1]); }
                    case DAY, ZERO_DAY, UNDER_DAY -> {
                        if (c.std == Std.UNDER_DAY && v.startsWith(" ")) v = v.substring(1);
                        int[] r = num(v, c.std == Std.ZERO_DAY);
                        day = r[0];
                        v = v.substring(r[1]);
                    }
                    case HOUR -> { int[] r = num(v, false); hour = r[0]; v = v.substring(r[1]); }
                    case HOUR12, ZERO_HOUR12 -> { int[] r = num(v, c.std == Std.ZERO_HOUR12); hour = r[0]; v = v.substring(r[1]); }
                    case MINUTE, ZERO_MINUTE -> { int[] r = num(v, c.std == Std.ZERO_MINUTE); minute = r[0]; v = v.substring(r[1]); }
                    case SECOND, ZERO_SECOND -> {
                        int[] r = num(v, c.std == Std.ZERO_SECOND);
                        second = r[0];
                        v = v.substring(r[1]);
                        // Go accepts a fraction after seconds even when the layout has none.
                        if (v.length() > 1 && (v.charAt(0) == '.' || v.charAt(0) == ',') && Character.isDigit(v.charAt(1))) {
                            int n = 1;
                            while (n < v.length() && Character.isDigit(v.charAt(n))) n++;
                            nanos = fractionNanos(v.substring(1, n));
                            v = v.substring(n);
                        }
                    }
                    case FRAC0, FRAC9 -> {
                        if (v.isEmpty() || (v.charAt(0) != '.' && v.charAt(0) != ',')) {
                            if (c.std == Std.FRAC9) break;
                            throw MISMATCH;
                        }
                        int n = 1;
                        while (n < v.length() && Character.isDigit(v.charAt(n))) n++;
                        nanos = fractionNanos(v.substring(1, n));
                        v = v.substring(n);
                    }
                    case PM, LOWER_PM -> {
                        String p = take(v, 2).toUpperCase();
                        if (!p.equals("AM") && !p.equals("PM")) throw MISMATCH;
                        pm = p.equals("PM");
                        pmSet = true;
                        v = v.substring(2);
                    }
                    case TZ -> {
                        int n = 0;
                        while (n < v.length() && Character.isUpperCase(v.charAt(n))) n++;
                        if (n < 3) throw MISMATCH;
                        String abbr = v.substring(0, n);
                        if (abbr.equals("UTC") || abbr.equals("GMT")) offset = 0;
                        v = v.substring(n);
                    }
                    default -> {
                        boolean iso = c.std.name().startsWith("ISO");
                        if (iso && v.startsWith("Z")) {
                            offset = 0;
                            v = v.substring(1);
                            break;
                        }
                        char sign = v.isEmpty() ? ' ' : v.charAt(0);
                        if (sign != '+' && sign != '-') throw MISMATCH;
                        String pattern = c.std.text.substring(1);
                        String got = take(v.substring(1), pattern.length());
                        for (int k = 0; k < pattern.length(); k++) {
                            if ((pattern.charAt(k) == ':') != (got.charAt(k) == ':')) throw MISMATCH;
                        }
                        String digits = got.replace(":", "");
                        int h = number(digits.substring(0, 2));
                        int m = digits.length() >= 4 ? number(digits.substring(2, 4)) : 0;
                        int s = digits.length() >= 6 ? number(digits.substring(4, 6)) : 0;
                        int total = h * 3600 + m * 60 + s;
                        offset = sign == '-' ? -total : total;
                        v = v.substring(1 + pattern.length());
                    }
                }
            } catch (Mismatch | StringIndexOutOfBoundsException e) {
                throw explain ? cannotParse(layout, value, v, elem) : UNEXPLAINED;
            }
        }
        if (!v.isEmpty()) {
            if (!explain) throw UNEXPLAINED;
            throw new FormatException("parsing time " + Quoting.quote(value) + ": extra text: " + Quoting.quote(v));
        }
        if (pmSet) {
            if (pm && hour < 12) hour += 12;
            else if (!pm && hour == 12) hour = 0;
        }
        try {
            ZoneId zone = offset == null ? location
                    : (offset == 0 && location.equals(ZoneOffset.UTC)) ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(offset);
            return new GoTime(ZonedDateTime.of(year, month, day, hour, minute, second, nanos, zone));
        } catch (DateTimeException e) {
            if (!explain) throw UNEXPLAINED;
            throw new FormatException("parsing time " + Quoting.quote(value) + ": " + e.getMessage());
        }
    }

    private static int fractionNanos(String digits) {
        String d = (digits + "000000000").substring(0, 9);
        return number(d);
    }

    private static String take(String v, int n) {
        if (v.length() < n) throw MISMATCH;
        String s = v.substring(0, n);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (!Character.isDigit(ch) && ch != ':' && !Character.isLetter(ch)) throw MISMATCH;
        }
        return s;
    }

    /** A one- or two-digit number; exactly two digits when fixed. Returns {value, consumed}. */
    private static int[] num(String v, boolean fixed) {
        if (v.isEmpty() || !Character.isDigit(v.charAt(0))) throw MISMATCH;
        if (fixed) {
            if (v.length() < 2 || !Character.isDigit(v.charAt(1))) throw MISMATCH;
            return new int[] {number(v.substring(0, 2)), 2};
        }
        int n = v.length() > 1 && Character.isDigit(v.charAt(1)) ? 2 : 1;
        return new int[] {number(v.substring(0, n)), n};
    }

    /** The number {@code digits} spell (at most nine of them), or {@link #MISMATCH}. */
    private static int number(String digits) {
        if (digits.isEmpty() || digits.length() > 9) throw MISMATCH;
        int n = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), 10);
            if (d < 0) throw MISMATCH;
            n = n * 10 + d;
        }
        return n;
    }

    /**
     * A layout element the value does not match. Without a stack trace, and one instance: label filters and templates
     * meet unparsable times on every line, and the caller turns it into the {@link FormatException} Go's text needs.
     */
    private static final class Mismatch extends RuntimeException {
        Mismatch() {
            super(null, null, false, false);
        }
    }

    private static final Mismatch MISMATCH = new Mismatch();

    private static FormatException cannotParse(String layout, String value, String rest, String elem) {
        return new FormatException("parsing time " + Quoting.quote(value) + " as " + Quoting.quote(layout)
                + ": cannot parse " + Quoting.quote(rest) + " as " + Quoting.quote(elem));
    }
}

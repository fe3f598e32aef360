package dev.sigyn.logql.pipeline;

import java.util.Locale;
import java.util.Map;

/**
 * Conversions of label values exactly as Loki's Go code does them: {@code strconv.ParseFloat},
 * {@code time.ParseDuration} and go-humanize's {@code ParseBytes}. Failures throw {@link NumberFormatException}
 * whose message is Go's error text (it becomes {@code __error_details__}).
 */
public final class GoValues {
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final Map<String, Long> DURATION_UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", NANOS_PER_HOUR);
    private static final Map<String, Long> BYTE_UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("kib", 1L << 10), Map.entry("ki", 1L << 10), Map.entry("kb", 1_000L), Map.entry("k", 1_000L),
            Map.entry("mib", 1L << 20), Map.entry("mi", 1L << 20), Map.entry("mb", 1_000_000L), Map.entry("m", 1_000_000L),
            Map.entry("gib", 1L << 30), Map.entry("gi", 1L << 30), Map.entry("gb", 1_000_000_000L), Map.entry("g", 1_000_000_000L),
            Map.entry("tib", 1L << 40), Map.entry("ti", 1L << 40), Map.entry("tb", 1_000_000_000_000L), Map.entry("t", 1_000_000_000_000L),
            Map.entry("pib", 1L << 50), Map.entry("pi", 1L << 50), Map.entry("pb", 1_000_000_000_000_000L), Map.entry("p", 1_000_000_000_000_000L),
            Map.entry("eib", 1L << 60), Map.entry("ei", 1L << 60), Map.entry("eb", 1_000_000_000_000_000_000L), Map.entry("e", 1_000_000_000_000_000_000L));

    private GoValues() {
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}: decimal or hex floats, "inf"/"infinity"/"nan"; no blanks. */
    public static double parseFloat(String s) {
        double fast = plainDecimal(s);
        if (fast == fast) return fast;
        String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan") && body.length() == s.length()) return Double.NaN;
        boolean hex = lower.startsWith("0x");
        String digits = hex ? body.substring(2) : body;
        if (digits.contains("_")) {
            // Go accepts '_' only between digits and only after a base prefix.
            if (!hex || !underscoresOk(digits)) throw syntax("ParseFloat", s);
            digits = digits.replace("_", "");
        }
        if (hex ? !isHexFloat(digits) : !isDecimalFloat(digits)) throw syntax("ParseFloat", s);
        double v = Double.parseDouble((s.startsWith("-") ? "-" : "") + (hex ? "0x" + digits : digits));
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("strconv.ParseFloat: parsing " + goQuote(s) + ": value out of range");
        }
        return v;
    }

    private static final double[] POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
            1e19, 1e20, 1e21, 1e22};

    /**
     * The common case without building Strings: {@code [+-]digits[.digits]} with at most 15 digits, where one
     * division of two exactly representable doubles is correctly rounded (Clinger's fast path); NaN otherwise.
     */
    private static double plainDecimal(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (++digits > 15) return Double.NaN;
                if (fraction >= 0) fraction++;
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) return Double.NaN;
        double v = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
        return negative ? -v : v;
    }

    private static boolean isDecimalFloat(String d) {
        int i = 0;
        int n = d.length();
        int mantissaDigits = 0;
        while (i < n && Character.isDigit(d.charAt(i)) && d.charAt(i) < 128) { i++; mantissaDigits++; }
        if (i < n && d.charAt(i) == '.') {
            i++;
            while (i < n && d.charAt(i) >= '0' && d.charAt(i) <= '9') { i++; mantissaDigits++; }
        }
        if (mantissaDigits == 0) return false;
        if (i < n && (d.charAt(i) == 'e' || d.charAt(i) == 'E')) {
            i++;
            if (i < n && (d.charAt(i) == '+' || d.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && d.charAt(i) >= '0' && d.charAt(i) <= '9') { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == n;
    }

    private static boolean isHexFloat(String d) {
        // Go (like Java) requires the 'p' exponent in hexadecimal floats.
        int p = d.toLowerCase(Locale.ROOT).indexOf('p');
        String mantissa = p < 0 ? d : d.substring(0, p);
        if (mantissa.isEmpty() || mantissa.equals(".") || !mantissa.matches("[0-9a-fA-F]*\\.?[0-9a-fA-F]*")) return false;
        if (p < 0) return false;
        return d.substring(p + 1).matches("[+-]?[0-9]+");
    }

    private static boolean underscoresOk(String d) {
        return !d.startsWith("_") && !d.endsWith("_") && !d.contains("__");
    }

    /** Go's {@code time.ParseDuration}, in nanoseconds: e.g. "1h30m", "250ms", "-1.5s", "0". */
    public static long parseDuration(String s) {
        String orig = s;
        boolean negative = false;
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) return 0;
        if (i == s.length()) throw invalidDuration(orig);
        long total = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) throw invalidDuration(orig);
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            String whole = s.substring(start, i);
            String fraction = "";
            if (i < s.length() && s.charAt(i) == '.') {
                int f = ++i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
                fraction = s.substring(f, i);
            }
            if (whole.isEmpty() && fraction.isEmpty()) throw invalidDuration(orig);
            int u = i;
            while (i < s.length() && s.charAt(i) != '.' && (s.charAt(i) < '0' || s.charAt(i) > '9')) i++;
            if (u == i) throw new NumberFormatException("time: missing unit in duration " + goQuote(orig));
            String unitName = s.substring(u, i);
            Long unit = DURATION_UNITS.get(unitName);
            if (unit == null) {
                throw new NumberFormatException("time: unknown unit " + goQuote(unitName) + " in duration " + goQuote(orig));
            }
            java.math.BigDecimal value = new java.math.BigDecimal((whole.isEmpty() ? "0" : whole)
                    + (fraction.isEmpty() ? "" : "." + fraction));
            java.math.BigDecimal nanos = value.multiply(java.math.BigDecimal.valueOf(unit));
            java.math.BigInteger truncated = nanos.toBigInteger();
            if (truncated.bitLength() > 63) throw invalidDuration(orig);
            total += truncated.longValue();
            if (total < 0) throw invalidDuration(orig);
        }
        return negative ? -total : total;
    }

    /** go-humanize's {@code ParseBytes}: "42", "1.5 MB", "2KiB", "1,024 kb"; unit names are case-insensitive. */
    public static long parseBytes(String s) {
        int digits = 0;
        boolean comma = false;
        while (digits < s.length()) {
            char c = s.charAt(digits);
            if (!(Character.isDigit(c) || c == '.' || c == ',')) break;
            comma |= c == ',';
            digits++;
        }
        String number = s.substring(0, digits);
        if (comma) number = number.replace(",", "");
        double f = parseFloat(number);
        String unitName = s.substring(digits).strip().toLowerCase(Locale.ROOT);
        Long unit = BYTE_UNITS.get(unitName);
        if (unit == null) throw new NumberFormatException("unhandled size name: " + unitName);
        double bytes = f * unit;
        if (bytes >= 0x1p64) throw new NumberFormatException("too large: " + s);
        return bytes >= 0x1p63 ? (long) (bytes - 0x1p63) + Long.MIN_VALUE : (long) bytes;
    }

    private static NumberFormatException syntax(String fn, String s) {
        return new NumberFormatException("strconv." + fn + ": parsing " + goQuote(s) + ": invalid syntax");
    }

    private static NumberFormatException invalidDuration(String s) {
        return new NumberFormatException("time: invalid duration " + goQuote(s));
    }

    private static String goQuote(String s) {
        StringBuilder sb = new StringBuilder();
        dev.sigyn.logql.Labels.quote(sb, s);
        return sb.toString();
    }
}

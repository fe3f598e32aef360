package dev.sigyn.format;

import java.util.Locale;

/** Go's {@code strconv.ParseFloat(s, 64)}, which Loki uses for numbers in label values and byte sizes. */
public final class GoFloats {
    private GoFloats() {}

    /** Whether Go's {@code strconv.ParseFloat(s, 64)} reads {@code s} without an error. */
    public static boolean isFloat(String s) {
        try {
            parse(s);
            return true;
        } catch (FormatException e) {
            return false;
        }
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}: decimal or hex floats, "inf"/"infinity"/"nan"; no blanks. */
    public static double parse(String s) {
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
            if (!hex || !underscoresOk(digits)) throw invalidSyntax(s);
            digits = digits.replace("_", "");
        }
        if (hex ? !isHexFloat(digits) : !isDecimalFloat(digits)) throw invalidSyntax(s);
        double v = Double.parseDouble((s.startsWith("-") ? "-" : "") + (hex ? "0x" + digits : digits));
        if (Double.isInfinite(v)) {
            throw new FormatException("strconv.ParseFloat: parsing " + Quoting.quote(s) + ": value out of range");
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

    private static FormatException invalidSyntax(String s) {
        return new FormatException("strconv.ParseFloat: parsing " + Quoting.quote(s) + ": invalid syntax");
    }
}

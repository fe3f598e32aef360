package dev.sigyn.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Go's {@code strconv.ParseFloat(s, 64)}, which Loki uses for numbers in label values and byte sizes, and
 * {@code strconv.FormatFloat}, with which Loki writes sample values and templates print floats.
 */
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

    /** More significant digits than the exact decimal value of any float64 has (at most 767). */
    private static final int EXACT_SIGNIFICANT_DIGITS = 800;
    /** Digits after the point beyond which the exact decimal value of every float64 has only zeros (2^-1074). */
    private static final int EXACT_FRACTION_DIGITS = 1074;

    /** {@code strconv.FormatFloat(v, 'e', prec, 64)} (prec < 0: the shortest digits that read back exactly). */
    public static String formatE(double v, int prec, char e) {
        if (!Double.isFinite(v)) return nonFinite(v);
        if (prec > EXACT_SIGNIFICANT_DIGITS) {
            // Exact already: the remaining digits are zeros, appended rather than computed in BigDecimal.
            String exact = formatE(v, EXACT_SIGNIFICANT_DIGITS, e);
            int at = exact.lastIndexOf(e);
            return exact.substring(0, at) + "0".repeat(prec - EXACT_SIGNIFICANT_DIGITS) + exact.substring(at);
        }
        BigDecimal d = prec < 0 ? shortest(v) : round(v, prec + 1);
        int digitsAfter = prec < 0 ? Math.max(d.precision() - 1, 0) : prec;
        return expForm(d, digitsAfter, e);
    }

    /** {@code strconv.FormatFloat(v, 'f', prec, 64)}: never an exponent (prec < 0: shortest). */
    public static String formatF(double v, int prec) {
        if (!Double.isFinite(v)) return nonFinite(v);
        if (prec > EXACT_FRACTION_DIGITS) {
            return formatF(v, EXACT_FRACTION_DIGITS) + "0".repeat(prec - EXACT_FRACTION_DIGITS);
        }
        BigDecimal d = prec < 0 ? shortest(v) : new BigDecimal(v).setScale(prec, RoundingMode.HALF_EVEN);
        if (prec < 0 && d.scale() < 0) d = d.setScale(0);
        String s = d.toPlainString();
        if (v < 0 || (v == 0 && 1 / v < 0)) {
            if (!s.startsWith("-")) s = "-" + s;
        }
        return s;
    }

    /**
     * {@code strconv.FormatFloat(v, 'g', prec, 64)}, prec significant digits, an exponent for large and small
     * values; with prec < 0 the shortest digits, as fmt's {@code %v} prints a float64 ({@code 1e+06}).
     */
    public static String formatG(double v, int prec, char e) {
        if (!Double.isFinite(v)) return nonFinite(v);
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        if (prec < 0) return shortestG(v, e);
        return formatGExact(v, prec, e);
    }

    /** {@link #formatG} through BigDecimal, for any precision; the shortest form has a faster path. */
    static String formatGExact(double v, int prec, char e) {
        if (!Double.isFinite(v)) return nonFinite(v);
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        if (prec == 0) prec = 1;
        BigDecimal d = prec < 0 ? shortest(v) : round(v, prec).stripTrailingZeros();
        String s = formatG(d, prec < 0 ? d.precision() : prec, prec < 0);
        return e == 'E' ? s.toUpperCase() : s;
    }

    private static String formatG(BigDecimal d, int prec, boolean shortest) {
        int digits = d.stripTrailingZeros().precision();
        int exp = d.precision() - d.scale() - 1;
        int eprec = prec;
        if (eprec > digits && digits >= exp + 1) eprec = digits;
        if (shortest) eprec = 6;
        if (exp < -4 || exp >= eprec) {
            return expForm(d, Math.max(digits - 1, 0), 'e');
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() < 0) stripped = stripped.setScale(0);
        return stripped.toPlainString();
    }

    /**
     * The shortest 'g' form of a finite, non-zero value from the digits of {@link Double#toString} (the shortest
     * that read back exactly, as Go's), without BigDecimal: templates print floats once per line.
     */
    private static String shortestG(double v, char e) {
        String java = Double.toString(v);
        boolean negative = java.charAt(0) == '-';
        int at = java.indexOf('E');
        int end = at < 0 ? java.length() : at;
        int exp10 = at < 0 ? 0 : Integer.parseInt(java, at + 1, java.length(), 10);
        int point = java.indexOf('.');
        // The significant digits are java[first, last) without the point.
        int first = negative ? 1 : 0;
        while (first < end && (java.charAt(first) == '0' || java.charAt(first) == '.')) first++;
        int last = end;
        while (last > first + 1 && (java.charAt(last - 1) == '0' || java.charAt(last - 1) == '.')) last--;
        int exp = (first < point ? point - first - 1 : point - first) + exp10;
        char[] significant = new char[last - first];
        int n = 0;
        for (int i = first; i < last; i++) if (java.charAt(i) != '.') significant[n++] = java.charAt(i);
        StringBuilder b = new StringBuilder(n + 8);
        if (negative) b.append('-');
        if (exp < -4 || exp >= 6) {
            b.append(significant[0]);
            if (n > 1) b.append('.').append(significant, 1, n - 1);
            b.append(e == 'E' ? 'E' : 'e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) b.append('0');
            b.append(ae);
        } else if (exp < 0) {
            b.append("0.");
            for (int i = -1; i > exp; i--) b.append('0');
            b.append(significant, 0, n);
        } else if (n <= exp + 1) {
            b.append(significant, 0, n);
            for (int i = n; i <= exp; i++) b.append('0');
        } else {
            b.append(significant, 0, exp + 1).append('.').append(significant, exp + 1, n - exp - 1);
        }
        return b.toString();
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    }

    private static BigDecimal shortest(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros();
    }

    /** Exact value of v rounded half-even to the given number of significant digits. */
    private static BigDecimal round(double v, int significant) {
        if (v == 0) return BigDecimal.ZERO.setScale(Math.max(significant - 1, 0));
        BigDecimal exact = new BigDecimal(v);
        return exact.round(new MathContext(significant, RoundingMode.HALF_EVEN));
    }

    private static String expForm(BigDecimal d, int digitsAfter, char e) {
        boolean neg = d.signum() < 0;
        BigDecimal a = d.abs();
        String digits;
        int exp;
        if (a.signum() == 0) {
            digits = "0".repeat(digitsAfter + 1);
            exp = 0;
        } else {
            exp = a.precision() - a.scale() - 1;
            BigDecimal mantissa = a.movePointLeft(exp).setScale(digitsAfter, RoundingMode.HALF_EVEN);
            if (mantissa.compareTo(BigDecimal.TEN) >= 0) {
                exp++;
                mantissa = a.movePointLeft(exp).setScale(digitsAfter, RoundingMode.HALF_EVEN);
            }
            digits = mantissa.toPlainString().replace(".", "");
        }
        StringBuilder b = new StringBuilder();
        if (neg) b.append('-');
        b.append(digits.charAt(0));
        if (digitsAfter > 0) b.append('.').append(digits, 1, digits.length());
        b.append(e).append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) b.append('0');
        return b.append(ae).toString();
    }
}

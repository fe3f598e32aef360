package dev.sigyn.logql.template;

import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoFloats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Go's strconv number parsing (base 0) and float formatting (%v, %e, %f, %g). */
final class GoNumbers {
    private GoNumbers() {}

    /** strconv.ParseInt(s, 0, 64), or null when s is not a valid int64. */
    static Long parseInt(String s) {
        if (s.isEmpty()) return null;
        boolean neg = false;
        int i = 0;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int base = 10;
        boolean prefixed = false;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char c = Character.toLowerCase(body.charAt(1));
            if (c == 'x') { base = 16; body = body.substring(2); prefixed = true; }
            else if (c == 'o') { base = 8; body = body.substring(2); prefixed = true; }
            else if (c == 'b') { base = 2; body = body.substring(2); prefixed = true; }
            else { base = 8; body = body.substring(1); prefixed = true; }
        }
        if (body.contains("_")) {
            if (!prefixed || !validUnderscores(s.substring(i))) return null;
            body = body.replace("_", "");
        }
        if (body.isEmpty()) return null;
        try {
            BigInteger v = new BigInteger(body, base);
            if (neg) v = v.negate();
            if (v.bitLength() > 63) return null;
            return v.longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean validUnderscores(String s) {
        // Go: underscores must separate digits (or follow the base prefix).
        return !s.endsWith("_") && !s.contains("__");
    }

    /** strconv.ParseFloat(s, 64), or null where Go gives an error. */
    static Double parseFloat(String s) {
        try {
            return GoFloats.parse(s);
        } catch (FormatException e) {
            return null;
        }
    }

    /** Go's %v for a float64: shortest representation, exponent form when exp < -4 or exp >= 6 (so 1e+06). */
    static String formatShortest(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == 0) return (1 / v < 0) ? "-0" : "0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        return formatG(d, d.precision(), true);
    }

    /** More significant digits than the exact decimal value of any float64 has (at most 767). */
    private static final int EXACT_SIGNIFICANT_DIGITS = 800;
    /** Digits after the point beyond which the exact decimal value of every float64 has only zeros (2^-1074). */
    private static final int EXACT_FRACTION_DIGITS = 1074;

    /** %e with the given number of digits after the point (prec < 0: shortest). */
    static String formatE(double v, int prec, char e) {
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

    /** %f with prec digits after the point (prec < 0: shortest). */
    static String formatF(double v, int prec) {
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

    /** %g with prec significant digits (prec < 0: shortest). */
    static String formatG(double v, int prec, char e) {
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
        return exact.round(new java.math.MathContext(significant, RoundingMode.HALF_EVEN));
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

package dev.sigyn.logql.template;

import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoFloats;

import java.math.BigInteger;

/** Go's strconv number parsing as the template functions use it (base 0 for integers). */
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
}

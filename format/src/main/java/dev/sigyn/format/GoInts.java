package dev.sigyn.format;

import java.math.BigInteger;

/**
 * Go's {@code strconv.ParseInt} (64 bits) and {@code strconv.Atoi}, with Go's error texts, which Loki passes on to
 * clients ({@code strconv.ParseInt: parsing "x": invalid syntax}).
 */
public final class GoInts {
    private GoInts() {}

    /**
     * {@code strconv.ParseInt(s, base, 64)} for base 10, or base 0: the base then comes from a {@code 0x}, {@code 0o},
     * {@code 0b} or {@code 0} prefix, and underscores may separate digits.
     *
     * @throws FormatException "invalid syntax" or "value out of range", as Go words them
     */
    public static long parseInt(String s, int base) {
        return parse("ParseInt", s, base);
    }

    /** {@code strconv.Atoi(s)}: base 10, 64-bit, errors naming Atoi. */
    public static long atoi(String s) {
        return parse("Atoi", s, 10);
    }

    /** Whether {@code strconv.ParseInt(s, 10, 64)} takes {@code s}. */
    public static boolean isInt(String s) {
        try {
            parse("ParseInt", s, 10);
            return true;
        } catch (FormatException e) {
            return false;
        }
    }

    private static long parse(String function, String s, int base) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String digits = s.substring(i);
        int radix = base;
        if (base == 0) {
            radix = 10;
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                switch (Character.toLowerCase(digits.charAt(1))) {
                    case 'x' -> { radix = 16; digits = digits.substring(2); }
                    case 'o' -> { radix = 8; digits = digits.substring(2); }
                    case 'b' -> { radix = 2; digits = digits.substring(2); }
                    default -> { radix = 8; digits = digits.substring(1); }
                }
            }
            if (digits.indexOf('_') >= 0) {
                if (!underscoresOk(s)) throw syntax(function, s);
                digits = digits.replace("_", "");
            }
        }
        if (digits.isEmpty()) throw syntax(function, s);
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0 || digits.charAt(k) > 'z') throw syntax(function, s);
        }
        BigInteger value = new BigInteger(digits, radix);
        if (negative) value = value.negate();
        if (value.bitLength() > 63) {
            throw new FormatException("strconv." + function + ": parsing " + Quoting.quote(s) + ": value out of range");
        }
        return value.longValue();
    }

    /** Go's rule (base 0 only): an underscore sits between two digits, or between the base prefix and a digit. */
    private static boolean underscoresOk(String s) {
        char saw = '^'; // '^' start, '0' a digit or the base prefix, '_' an underscore, '!' anything else
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) s = s.substring(1);
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0' && "box".indexOf(Character.toLowerCase(s.charAt(1))) >= 0) {
            i = 2;
            saw = '0';
            hex = Character.toLowerCase(s.charAt(1)) == 'x';
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lower = Character.toLowerCase(c);
            if ((c >= '0' && c <= '9') || (hex && lower >= 'a' && lower <= 'f')) {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') return false;
                saw = '_';
            } else {
                if (saw == '_') return false;
                saw = '!';
            }
        }
        return saw != '_';
    }

    private static FormatException syntax(String function, String s) {
        return new FormatException("strconv." + function + ": parsing " + Quoting.quote(s) + ": invalid syntax");
    }
}

package dev.sigyn.logql.template;

import dev.sigyn.format.GoTime;

import dev.sigyn.format.GoFloats;
import dev.sigyn.format.Quoting;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Go's fmt.Sprintf for template values: verbs %v %s %d %q %f %e %g %x %X %o %b %t %c %U %%, flags
 * {@code - + # 0 space}, width and precision (also {@code *}), and Go's error notes such as
 * {@code %!d(string=foo)} and {@code %!s(MISSING)}. Java's String.format differs on most of these.
 */
final class GoFormatter {
    /** Go's fmt refuses widths and precisions larger than this ({@code tooLarge}). */
    private static final int MAX_WIDTH = 1_000_000;

    private static final class Spec {
        boolean minus, plus, sharp, zero, space;
        int width = -1;
        int prec = -1;
        char verb;
    }

    private final StringBuilder out;
    /** The longest result allowed (see {@link TemplateLimits}); padding is checked against it before it is built. */
    private final long maxLength;

    private GoFormatter(int capacity, long maxLength) {
        this.out = new StringBuilder(capacity);
        this.maxLength = maxLength;
    }

    /** fmt.Sprintf; throws {@link TemplateLimits.Exceeded} rather than build a result longer than {@code maxLength}. */
    static String sprintf(String format, Object[] args, long maxLength) {
        GoFormatter f = new GoFormatter(format.length() + 16, maxLength);
        f.format(format, args);
        return f.out.toString();
    }

    private void format(String format, Object[] args) {
        int argNum = 0;
        int n = format.length();
        for (int i = 0; i < n; ) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            Spec s = new Spec();
            flags:
            for (; i < n; i++) {
                switch (format.charAt(i)) {
                    case '#' -> s.sharp = true;
                    case '0' -> s.zero = true;
                    case '+' -> s.plus = true;
                    case '-' -> s.minus = true;
                    case ' ' -> s.space = true;
                    default -> { break flags; }
                }
            }
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argNum < args.length && args[argNum] instanceof Long w && Math.abs(w) <= MAX_WIDTH) {
                    s.width = (int) Math.abs(w);
                    if (w < 0) s.minus = true;
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argNum++;
            } else {
                int end = digitsEnd(format, i);
                if (end < 0) {
                    out.append("%!(NOVERB)");
                    break;
                }
                if (end > i) s.width = Integer.parseInt(format, i, end, 10);
                i = end;
            }
            if (i + 1 < n && format.charAt(i) == '.') {
                i++;
                if (format.charAt(i) == '*') {
                    i++;
                    if (argNum < args.length && args[argNum] instanceof Long p && p >= 0 && p <= MAX_WIDTH) {
                        s.prec = (int) (long) p;
                    } else {
                        out.append("%!(BADPREC)");
                    }
                    argNum++;
                } else {
                    int end = digitsEnd(format, i);
                    if (end < 0) {
                        out.append("%!(NOVERB)");
                        break;
                    }
                    s.prec = end > i ? Integer.parseInt(format, i, end, 10) : 0;
                    i = end;
                }
            }
            if (s.minus) s.zero = false;
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            s.verb = (char) verb;
            if (argNum >= args.length) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            formatArg(s, args[argNum++]);
            require(out.length());
        }
        if (argNum < args.length) {
            out.append("%!(EXTRA ");
            for (int k = argNum; k < args.length; k++) {
                if (k > argNum) out.append(", ");
                Object a = args[k];
                if (a == null) out.append("<nil>");
                else out.append(GoValues.typeName(a)).append('=').append(GoValues.toText(a));
                require(out.length());
            }
            out.append(')');
        }
    }

    /**
     * Go's parsenum: the end of the ASCII digits at {@code i}, or -1 for a crazy long number (a digit after a value
     * over 1e6), where Go gives up on the rest of the format. So a width or precision stays below 1e7.
     */
    private static int digitsEnd(String format, int i) {
        long num = 0;
        for (; i < format.length() && isDigit(format.charAt(i)); i++) {
            if (num > MAX_WIDTH) return -1;
            num = num * 10 + (format.charAt(i) - '0');
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void require(long length) {
        TemplateLimits.require(length, maxLength);
    }

    private void formatArg(Spec s, Object arg) {
        switch (arg) {
            case null -> {
                if (s.verb == 'v') pad(s, "<nil>");
                else badVerb(s, null);
            }
            case Boolean b -> {
                if (s.verb == 't' || s.verb == 'v') pad(s, b.toString());
                else badVerb(s, arg);
            }
            case Long l -> formatInt(s, l);
            case Double d -> formatFloat(s, d);
            case String str -> formatString(s, str, arg);
            case GoTime t -> formatString(s, t.toString(), arg);
            case List<?> list -> {
                if (s.verb == 's' || s.verb == 'v' || s.verb == 'd' || s.verb == 'q' || s.verb == 'x'
                        || s.verb == 'f' || s.verb == 'g' || s.verb == 't') {
                    out.append('[');
                    for (int k = 0; k < list.size(); k++) {
                        if (k > 0) out.append(' ');
                        formatArg(s, list.get(k));
                    }
                    out.append(']');
                } else {
                    badVerb(s, arg);
                }
            }
            case LabelsValue labels -> formatMap(s, labels.asMap());
            case Map<?, ?> map -> formatMap(s, map);
            default -> pad(s, GoValues.toText(arg));
        }
    }

    private void formatMap(Spec s, Map<?, ?> map) {
        out.append("map[");
        boolean first = true;
        for (String key : GoValues.sortedKeys(map)) {
            if (!first) out.append(' ');
            first = false;
            formatArg(s, key);
            out.append(':');
            formatArg(s, map.get(key));
        }
        out.append(']');
    }

    private void badVerb(Spec s, Object arg) {
        out.append("%!").append(s.verb).append('(');
        if (arg == null) out.append("<nil>");
        else out.append(GoValues.typeName(arg)).append('=').append(GoValues.toText(arg));
        out.append(')');
    }

    private void pad(Spec s, String text) {
        int len = text.codePointCount(0, text.length());
        int padding = s.width - len;
        require((long) out.length() + text.length() + Math.max(padding, 0));
        if (padding <= 0) {
            out.append(text);
            return;
        }
        if (s.minus) {
            out.append(text).append(" ".repeat(padding));
        } else {
            out.append((s.zero ? "0" : " ").repeat(padding)).append(text);
        }
    }

    /** Pads a number: zero padding goes between the sign and the digits. */
    private void padNumber(Spec s, String text) {
        if (s.zero && !s.minus && s.width > text.length()) {
            require((long) out.length() + s.width);
            int signLen = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+' || text.charAt(0) == ' ') ? 1 : 0;
            out.append(text, 0, signLen).append("0".repeat(s.width - text.length())).append(text, signLen, text.length());
            return;
        }
        Spec noZero = s;
        if (s.zero) {
            noZero = copyOf(s);
            noZero.zero = false;
        }
        pad(noZero, text);
    }

    private static Spec copyOf(Spec s) {
        Spec c = new Spec();
        c.minus = s.minus; c.plus = s.plus; c.sharp = s.sharp; c.zero = s.zero; c.space = s.space;
        c.width = s.width; c.prec = s.prec; c.verb = s.verb;
        return c;
    }

    private void formatInt(Spec s, long v) {
        switch (s.verb) {
            case 'v', 'd' -> integer(s, v, 10, false, "");
            case 'b' -> integer(s, v, 2, false, s.sharp ? "0b" : "");
            case 'o' -> integer(s, v, 8, false, s.sharp ? "0" : "");
            case 'O' -> integer(s, v, 8, false, "0o");
            case 'x' -> integer(s, v, 16, false, s.sharp ? "0x" : "");
            case 'X' -> integer(s, v, 16, true, s.sharp ? "0X" : "");
            case 'c' -> pad(s, runeString(v));
            case 'q' -> {
                StringBuilder q = new StringBuilder("'");
                Quoting.appendEscapedRune(q, validRune(v), '\'', s.plus);
                pad(s, q.append('\'').toString());
            }
            case 'U' -> {
                String hex = Long.toHexString(v).toUpperCase();
                StringBuilder u = new StringBuilder("U+");
                int digits = Math.max(4, s.prec);
                require((long) out.length() + digits);
                for (int k = hex.length(); k < digits; k++) u.append('0');
                u.append(hex);
                if (s.sharp && Quoting.isPrint(validRune(v))) u.append(" '").append(runeString(v)).append('\'');
                Spec noZero = copyOf(s);
                noZero.zero = false;
                pad(noZero, u.toString());
            }
            default -> badVerb(s, v);
        }
    }

    private static int validRune(long v) {
        return v < 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000) ? 0xFFFD : (int) v;
    }

    private static String runeString(long v) {
        return new String(Character.toChars(validRune(v)));
    }

    private void integer(Spec s, long v, int base, boolean upper, String prefix) {
        boolean neg = v < 0;
        String digits = Long.toUnsignedString(neg ? -v : v, base);
        if (v == Long.MIN_VALUE) digits = Long.toUnsignedString(v, base);
        if (upper) digits = digits.toUpperCase();
        if (s.prec >= 0) {
            require((long) out.length() + s.prec);
            if (s.prec == 0 && v == 0) digits = "";
            else if (digits.length() < s.prec) digits = "0".repeat(s.prec - digits.length()) + digits;
        }
        String sign = neg ? "-" : s.plus ? "+" : s.space ? " " : "";
        String body = prefix + digits;
        if (s.zero && s.prec < 0 && !s.minus && s.width > sign.length() + body.length()) {
            require((long) out.length() + s.width);
            out.append(sign).append(prefix)
                    .append("0".repeat(s.width - sign.length() - body.length())).append(digits);
            return;
        }
        Spec noZero = copyOf(s);
        noZero.zero = false;
        pad(noZero, sign + body);
    }

    private void formatFloat(Spec s, double v) {
        // %e and %f write every digit of the precision (%g drops trailing zeros).
        if ("eEfF".indexOf(s.verb) >= 0) require((long) out.length() + s.prec);
        String text = switch (s.verb) {
            case 'v' -> GoFloats.formatG(v, s.prec, 'e');
            case 'g' -> GoFloats.formatG(v, s.prec, 'e');
            case 'G' -> GoFloats.formatG(v, s.prec, 'E');
            case 'e' -> GoFloats.formatE(v, s.prec < 0 ? 6 : s.prec, 'e');
            case 'E' -> GoFloats.formatE(v, s.prec < 0 ? 6 : s.prec, 'E');
            case 'f', 'F' -> GoFloats.formatF(v, s.prec < 0 ? 6 : s.prec);
            default -> null;
        };
        if (text == null) {
            badVerb(s, v);
            return;
        }
        if (!Double.isFinite(v)) {
            // Infinities keep their sign and NaN gets one only when asked; neither is zero padded.
            if (Double.isNaN(v)) text = s.plus ? "+NaN" : s.space ? " NaN" : "NaN";
            else if (v > 0) text = s.space && !s.plus ? " Inf" : "+Inf";
            Spec noZero = copyOf(s);
            noZero.zero = false;
            pad(noZero, text);
            return;
        }
        if (!text.startsWith("-")) {
            if (s.plus) text = "+" + text;
            else if (s.space) text = " " + text;
        }
        padNumber(s, text);
    }

    private void formatString(Spec s, String str, Object original) {
        switch (s.verb) {
            case 'v', 's' -> pad(s, truncate(str, s.prec));
            case 'q' -> {
                String t = truncate(str, s.prec);
                if (s.sharp && t.indexOf('`') < 0 && t.chars().allMatch(ch -> ch == '\t' || (ch >= 0x20 && ch != 0x7f))) {
                    pad(s, "`" + t + "`");
                } else {
                    StringBuilder q = new StringBuilder("\"");
                    Quoting.appendQuoted(q, t, '"', s.plus);
                    pad(s, q.append('"').toString());
                }
            }
            case 'x', 'X' -> {
                byte[] bytes = truncate(str, s.prec).getBytes(StandardCharsets.UTF_8);
                long n = bytes.length;
                long prefixes = !s.sharp ? 0 : s.space ? 2 * n : 2;
                require(out.length() + 2 * n + (s.space ? Math.max(n - 1, 0) : 0) + prefixes);
                StringBuilder h = new StringBuilder();
                String digits = s.verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
                for (int k = 0; k < bytes.length; k++) {
                    if (s.space && k > 0) h.append(' ');
                    if (s.sharp && (s.space || k == 0)) h.append(s.verb == 'x' ? "0x" : "0X");
                    h.append(digits.charAt((bytes[k] >> 4) & 0xf)).append(digits.charAt(bytes[k] & 0xf));
                }
                pad(s, h.toString());
            }
            default -> badVerb(s, original);
        }
    }

    private static String truncate(String s, int prec) {
        if (prec < 0 || s.codePointCount(0, s.length()) <= prec) return s;
        return s.substring(0, s.offsetByCodePoints(0, prec));
    }
}

package dev.sigyn.logql.template;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Go's fmt.Sprintf for template values: verbs %v %s %d %q %f %e %g %x %X %o %b %t %c %U %%, flags
 * {@code - + # 0 space}, width and precision (also {@code *}), and Go's error notes such as
 * {@code %!d(string=foo)} and {@code %!s(MISSING)}. Java's String.format differs on most of these.
 */
final class GoFormatter {
    private GoFormatter() {}

    private static final class Spec {
        boolean minus, plus, sharp, zero, space;
        int width = -1;
        int prec = -1;
        char verb;
    }

    static String sprintf(String format, Object[] args) {
        StringBuilder out = new StringBuilder(format.length() + 16);
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
                if (argNum < args.length && args[argNum] instanceof Long w) {
                    s.width = (int) Math.abs(w);
                    if (w < 0) s.minus = true;
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argNum++;
            } else {
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) i++;
                if (i > start) s.width = Integer.parseInt(format.substring(start, i));
            }
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (argNum < args.length && args[argNum] instanceof Long p && p >= 0) s.prec = (int) (long) p;
                    else out.append("%!(BADPREC)");
                    argNum++;
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(format.charAt(i))) i++;
                    s.prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
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
            formatArg(out, s, args[argNum++]);
        }
        if (argNum < args.length) {
            out.append("%!(EXTRA ");
            for (int k = argNum; k < args.length; k++) {
                if (k > argNum) out.append(", ");
                Object a = args[k];
                if (a == null) out.append("<nil>");
                else out.append(GoValues.typeName(a)).append('=').append(GoValues.toText(a));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static void formatArg(StringBuilder out, Spec s, Object arg) {
        switch (arg) {
            case null -> {
                if (s.verb == 'v') pad(out, s, "<nil>");
                else badVerb(out, s, null);
            }
            case Boolean b -> {
                if (s.verb == 't' || s.verb == 'v') pad(out, s, b.toString());
                else badVerb(out, s, arg);
            }
            case Long l -> formatInt(out, s, l);
            case Double d -> formatFloat(out, s, d);
            case String str -> formatString(out, s, str, arg);
            case GoTime t -> formatString(out, s, t.toString(), arg);
            case List<?> list -> {
                if (s.verb == 's' || s.verb == 'v' || s.verb == 'd' || s.verb == 'q' || s.verb == 'x'
                        || s.verb == 'f' || s.verb == 'g' || s.verb == 't') {
                    out.append('[');
                    for (int k = 0; k < list.size(); k++) {
                        if (k > 0) out.append(' ');
                        formatArg(out, s, list.get(k));
                    }
                    out.append(']');
                } else {
                    badVerb(out, s, arg);
                }
            }
            case LabelsValue labels -> formatMap(out, s, labels.asMap());
            case Map<?, ?> map -> formatMap(out, s, map);
            default -> pad(out, s, GoValues.toText(arg));
        }
    }

    private static void formatMap(StringBuilder out, Spec s, Map<?, ?> map) {
        out.append("map[");
        boolean first = true;
        for (String key : GoValues.sortedKeys(map)) {
            if (!first) out.append(' ');
            first = false;
            formatArg(out, s, key);
            out.append(':');
            formatArg(out, s, map.get(key));
        }
        out.append(']');
    }

    private static void badVerb(StringBuilder out, Spec s, Object arg) {
        out.append("%!").append(s.verb).append('(');
        if (arg == null) out.append("<nil>");
        else out.append(GoValues.typeName(arg)).append('=').append(GoValues.toText(arg));
        out.append(')');
    }

    private static void pad(StringBuilder out, Spec s, String text) {
        int len = text.codePointCount(0, text.length());
        int padding = s.width - len;
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
    private static void padNumber(StringBuilder out, Spec s, String text) {
        if (s.zero && !s.minus && s.width > text.length()) {
            int signLen = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+' || text.charAt(0) == ' ') ? 1 : 0;
            out.append(text, 0, signLen).append("0".repeat(s.width - text.length())).append(text, signLen, text.length());
            return;
        }
        Spec noZero = s;
        if (s.zero) {
            noZero = copyOf(s);
            noZero.zero = false;
        }
        pad(out, noZero, text);
    }

    private static Spec copyOf(Spec s) {
        Spec c = new Spec();
        c.minus = s.minus; c.plus = s.plus; c.sharp = s.sharp; c.zero = s.zero; c.space = s.space;
        c.width = s.width; c.prec = s.prec; c.verb = s.verb;
        return c;
    }

    private static void formatInt(StringBuilder out, Spec s, long v) {
        switch (s.verb) {
            case 'v', 'd' -> integer(out, s, v, 10, false, "");
            case 'b' -> integer(out, s, v, 2, false, s.sharp ? "0b" : "");
            case 'o' -> integer(out, s, v, 8, false, s.sharp ? "0" : "");
            case 'O' -> integer(out, s, v, 8, false, "0o");
            case 'x' -> integer(out, s, v, 16, false, s.sharp ? "0x" : "");
            case 'X' -> integer(out, s, v, 16, true, s.sharp ? "0X" : "");
            case 'c' -> pad(out, s, runeString(v));
            case 'q' -> {
                StringBuilder q = new StringBuilder("'");
                GoStrings.appendEscapedRune(q, validRune(v), '\'', s.plus);
                pad(out, s, q.append('\'').toString());
            }
            case 'U' -> {
                String hex = Long.toHexString(v).toUpperCase();
                StringBuilder u = new StringBuilder("U+");
                int digits = Math.max(4, s.prec);
                for (int k = hex.length(); k < digits; k++) u.append('0');
                u.append(hex);
                if (s.sharp && GoStrings.isPrint(validRune(v))) u.append(" '").append(runeString(v)).append('\'');
                Spec noZero = copyOf(s);
                noZero.zero = false;
                pad(out, noZero, u.toString());
            }
            default -> badVerb(out, s, v);
        }
    }

    private static int validRune(long v) {
        return v < 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000) ? 0xFFFD : (int) v;
    }

    private static String runeString(long v) {
        return new String(Character.toChars(validRune(v)));
    }

    private static void integer(StringBuilder out, Spec s, long v, int base, boolean upper, String prefix) {
        boolean neg = v < 0;
        String digits = Long.toUnsignedString(neg ? -v : v, base);
        if (v == Long.MIN_VALUE) digits = Long.toUnsignedString(v, base);
        if (upper) digits = digits.toUpperCase();
        if (s.prec >= 0) {
            if (s.prec == 0 && v == 0) digits = "";
            else if (digits.length() < s.prec) digits = "0".repeat(s.prec - digits.length()) + digits;
        }
        String sign = neg ? "-" : s.plus ? "+" : s.space ? " " : "";
        String body = prefix + digits;
        if (s.zero && s.prec < 0 && !s.minus && s.width > sign.length() + body.length()) {
            out.append(sign).append(prefix)
                    .append("0".repeat(s.width - sign.length() - body.length())).append(digits);
            return;
        }
        Spec noZero = copyOf(s);
        noZero.zero = false;
        pad(out, noZero, sign + body);
    }

    private static void formatFloat(StringBuilder out, Spec s, double v) {
        String text = switch (s.verb) {
            case 'v' -> GoNumbers.formatG(v, s.prec, 'e');
            case 'g' -> GoNumbers.formatG(v, s.prec, 'e');
            case 'G' -> GoNumbers.formatG(v, s.prec, 'E');
            case 'e' -> GoNumbers.formatE(v, s.prec < 0 ? 6 : s.prec, 'e');
            case 'E' -> GoNumbers.formatE(v, s.prec < 0 ? 6 : s.prec, 'E');
            case 'f', 'F' -> GoNumbers.formatF(v, s.prec < 0 ? 6 : s.prec);
            default -> null;
        };
        if (text == null) {
            badVerb(out, s, v);
            return;
        }
        if (!Double.isFinite(v)) {
            // Infinities keep their sign and NaN gets one only when asked; neither is zero padded.
            if (Double.isNaN(v)) text = s.plus ? "+NaN" : s.space ? " NaN" : "NaN";
            else if (v > 0) text = s.space && !s.plus ? " Inf" : "+Inf";
            Spec noZero = copyOf(s);
            noZero.zero = false;
            pad(out, noZero, text);
            return;
        }
        if (!text.startsWith("-")) {
            if (s.plus) text = "+" + text;
            else if (s.space) text = " " + text;
        }
        padNumber(out, s, text);
    }

    private static void formatString(StringBuilder out, Spec s, String str, Object original) {
        switch (s.verb) {
            case 'v', 's' -> pad(out, s, truncate(str, s.prec));
            case 'q' -> {
                String t = truncate(str, s.prec);
                if (s.sharp && t.indexOf('`') < 0 && t.chars().allMatch(ch -> ch == '\t' || (ch >= 0x20 && ch != 0x7f))) {
                    pad(out, s, "`" + t + "`");
                } else {
                    StringBuilder q = new StringBuilder("\"");
                    GoStrings.appendQuoted(q, t, '"', s.plus);
                    pad(out, s, q.append('"').toString());
                }
            }
            case 'x', 'X' -> {
                byte[] bytes = truncate(str, s.prec).getBytes(StandardCharsets.UTF_8);
                StringBuilder h = new StringBuilder();
                String digits = s.verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
                for (int k = 0; k < bytes.length; k++) {
                    if (s.space && k > 0) h.append(' ');
                    if (s.sharp && (s.space || k == 0)) h.append(s.verb == 'x' ? "0x" : "0X");
                    h.append(digits.charAt((bytes[k] >> 4) & 0xf)).append(digits.charAt(bytes[k] & 0xf));
                }
                pad(out, s, h.toString());
            }
            default -> badVerb(out, s, original);
        }
    }

    private static String truncate(String s, int prec) {
        if (prec < 0 || s.codePointCount(0, s.length()) <= prec) return s;
        return s.substring(0, s.offsetByCodePoints(0, prec));
    }
}

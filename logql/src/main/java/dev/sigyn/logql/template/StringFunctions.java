package dev.sigyn.logql.template;

import dev.sigyn.format.GoTime;

import static dev.sigyn.logql.template.TemplateFunction.Param.ANY;
import static dev.sigyn.logql.template.TemplateFunction.Param.INT;
import static dev.sigyn.logql.template.TemplateFunction.Param.STRING;
import static dev.sigyn.logql.template.TemplateFunction.of;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sigyn.format.GoStrings;
import dev.sigyn.format.Quoting;
import dev.sigyn.logql.UserRegex;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * String functions: Loki's own (ToUpper, Replace, regexReplaceAll, count, urlencode, alignLeft…) and the sprig
 * ones Loki enables (lower, trunc, substr, contains, indent, replace, trimAll, b64enc…), with their argument orders.
 */
final class StringFunctions {
    private StringFunctions() {}

    static List<TemplateFunction> all() {
        return List.of(
                // Loki's Go strings wrappers: the subject string comes first.
                of("ToLower", (c, a) -> s(a, 0).toLowerCase(java.util.Locale.ROOT), STRING),
                of("ToUpper", (c, a) -> s(a, 0).toUpperCase(java.util.Locale.ROOT), STRING),
                of("Replace", (c, a) -> replace(s(a, 0), s(a, 1), s(a, 2), (Long) a[3], max(c)),
                        STRING, STRING, STRING, INT),
                of("Trim", (c, a) -> trimLeft(trimRight(s(a, 0), s(a, 1)), s(a, 1)), STRING, STRING),
                of("TrimLeft", (c, a) -> trimLeft(s(a, 0), s(a, 1)), STRING, STRING),
                of("TrimRight", (c, a) -> trimRight(s(a, 0), s(a, 1)), STRING, STRING),
                of("TrimPrefix", (c, a) -> trimPrefix(s(a, 0), s(a, 1)), STRING, STRING),
                of("TrimSuffix", (c, a) -> trimSuffix(s(a, 0), s(a, 1)), STRING, STRING),
                of("TrimSpace", (c, a) -> GoStrings.trimSpace(s(a, 0)), STRING),
                of("regexReplaceAll", (c, a) -> regexReplace(s(a, 0), s(a, 1), s(a, 2), true, max(c)),
                        STRING, STRING, STRING),
                of("regexReplaceAllLiteral", (c, a) -> regexReplace(s(a, 0), s(a, 1), s(a, 2), false, max(c)),
                        STRING, STRING, STRING),
                of("count", (c, a) -> count(s(a, 0), s(a, 1)), STRING, STRING),
                of("urldecode", (c, a) -> queryUnescape(s(a, 0)), STRING),
                of("urlencode", (c, a) -> queryEscape(s(a, 0), max(c)), STRING),
                of("alignLeft", (c, a) -> align((Long) a[0], s(a, 1), true, max(c)), INT, STRING),
                of("alignRight", (c, a) -> align((Long) a[0], s(a, 1), false, max(c)), INT, STRING),
                // sprig: the subject string comes last, so it can be piped in.
                of("b64enc", (c, a) -> Base64.getEncoder().encodeToString(s(a, 0).getBytes(StandardCharsets.UTF_8)), STRING),
                of("b64dec", (c, a) -> b64dec(s(a, 0)), STRING),
                of("lower", (c, a) -> s(a, 0).toLowerCase(java.util.Locale.ROOT), STRING),
                of("upper", (c, a) -> s(a, 0).toUpperCase(java.util.Locale.ROOT), STRING),
                of("title", (c, a) -> title(s(a, 0)), STRING),
                of("trunc", (c, a) -> trunc((Long) a[0], s(a, 1)), INT, STRING),
                of("substr", (c, a) -> substr((Long) a[0], (Long) a[1], s(a, 2)), INT, INT, STRING),
                of("contains", (c, a) -> s(a, 1).contains(s(a, 0)), STRING, STRING),
                of("hasPrefix", (c, a) -> s(a, 1).startsWith(s(a, 0)), STRING, STRING),
                of("hasSuffix", (c, a) -> s(a, 1).endsWith(s(a, 0)), STRING, STRING),
                of("indent", (c, a) -> indent((Long) a[0], s(a, 1), max(c)), INT, STRING),
                of("nindent", (c, a) -> "\n" + indent((Long) a[0], s(a, 1), max(c) - 1), INT, STRING),
                of("replace", (c, a) -> replace(s(a, 2), s(a, 0), s(a, 1), -1, max(c)), STRING, STRING, STRING),
                of("repeat", (c, a) -> repeat((Long) a[0], s(a, 1), max(c)), INT, STRING),
                of("trim", (c, a) -> GoStrings.trimSpace(s(a, 0)), STRING),
                of("trimAll", (c, a) -> trimLeft(trimRight(s(a, 1), s(a, 0)), s(a, 0)), STRING, STRING),
                of("trimSuffix", (c, a) -> trimSuffix(s(a, 1), s(a, 0)), STRING, STRING),
                of("trimPrefix", (c, a) -> trimPrefix(s(a, 1), s(a, 0)), STRING, STRING),
                TemplateFunction.variadic("default", (c, a) -> a.length < 2 || isEmpty(a[1]) ? a[0] : a[1], ANY, ANY));
    }

    private static String s(Object[] a, int i) {
        return (String) a[i];
    }

    /** The longest value a function may build for the current line. */
    private static long max(TemplateContext c) {
        return TemplateLimits.maxLength(c);
    }

    /** sprig's notion of "empty" used by default: nil, zero numbers, false, empty strings and collections. */
    static boolean isEmpty(Object v) {
        return !GoValues.isTrue(v) && !(v instanceof GoTime);
    }

    /** strings.Replace; the length of the result is checked before it is built. */
    static String replace(String s, String old, String with, long n, long maxLength) {
        if (with.length() > old.length()) {
            long grows = TemplateLimits.times(occurrences(s, old, n), with.length() - old.length());
            TemplateLimits.require(TemplateLimits.plus(s.length(), grows), maxLength);
        }
        if (n < 0) {
            if (old.isEmpty()) return insertBetweenRunes(s, with);
            return s.replace(old, with);
        }
        StringBuilder b = new StringBuilder();
        int from = 0;
        for (long done = 0; done < n; done++) {
            int at;
            if (old.isEmpty()) {
                if (from > s.length()) break;
                at = from;
                b.append(s, from, at).append(with);
                if (from < s.length()) {
                    int cp = s.codePointAt(from);
                    b.appendCodePoint(cp);
                    from += Character.charCount(cp);
                } else {
                    from++;
                }
                continue;
            }
            at = s.indexOf(old, from);
            if (at < 0) break;
            b.append(s, from, at).append(with);
            from = at + old.length();
        }
        if (from < s.length()) b.append(s, from, s.length());
        return b.toString();
    }

    /** How many replacements strings.Replace makes: at most n (all when n < 0); "" matches around every rune. */
    private static long occurrences(String s, String old, long n) {
        long limit = n < 0 ? Long.MAX_VALUE : n;
        if (old.isEmpty()) return Math.min(limit, s.codePointCount(0, s.length()) + 1L);
        long found = 0;
        for (int at = s.indexOf(old); at >= 0 && found < limit; at = s.indexOf(old, at + old.length())) found++;
        return found;
    }

    private static String insertBetweenRunes(String s, String with) {
        StringBuilder b = new StringBuilder(with);
        s.codePoints().forEach(cp -> b.appendCodePoint(cp).append(with));
        return b.toString();
    }

    static String trimLeft(String s, String cutset) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (cutset.indexOf(cp) < 0) break;
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    static String trimRight(String s, String cutset) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (cutset.indexOf(cp) < 0) break;
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    static String trimPrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    static String trimSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static Pattern compile(String regex) {
        try {
            return UserRegex.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new GoError("error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
        }
    }

    /** Go's ReplaceAllString (or ReplaceAllLiteralString); each piece is checked before it is appended. */
    static String regexReplace(String regex, String s, String repl, boolean expand, long maxLength) {
        Pattern p = compile(regex);
        Matcher m = p.matcher(s);
        StringBuilder b = new StringBuilder();
        int last = 0;
        int searchFrom = 0;
        int prevEnd = -1;
        while (searchFrom <= s.length() && m.find(searchFrom)) {
            int start = m.start();
            int end = m.end();
            if (start == end && start == prevEnd) {
                // Go skips an empty match right after the previous match.
                if (start >= s.length()) break;
                searchFrom = start + Character.charCount(s.codePointAt(start));
                continue;
            }
            TemplateLimits.require((long) b.length() + (start - last), maxLength);
            b.append(s, last, start);
            if (expand) {
                expand(b, repl, m, maxLength);
            } else {
                TemplateLimits.require((long) b.length() + repl.length(), maxLength);
                b.append(repl);
            }
            last = end;
            prevEnd = end;
            searchFrom = end > start ? end : end + (end < s.length() ? Character.charCount(s.codePointAt(end)) : 1);
        }
        if (last < s.length()) b.append(s, last, s.length());
        return b.toString();
    }

    /** Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$; a name is the longest run of letters, digits and _. */
    private static void expand(StringBuilder b, String template, Matcher m, long maxLength) {
        for (int i = 0; i < template.length(); ) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                b.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                b.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? null : template.substring(i + 2, close);
                if (name != null && (name.isEmpty() || !name.chars().allMatch(StringFunctions::isWordChar))) name = null;
                next = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && isWordChar(template.charAt(j))) j++;
                name = j > i + 1 ? template.substring(i + 1, j) : null;
                next = j;
            }
            if (name == null) {
                b.append('$'); // malformed: Go keeps the dollar sign
                i++;
                continue;
            }
            String group = group(m, name);
            TemplateLimits.require((long) b.length() + group.length(), maxLength);
            b.append(group);
            i = next;
        }
    }

    private static boolean isWordChar(int c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String group(Matcher m, String name) {
        String v;
        try {
            if (name.chars().allMatch(Character::isDigit)) {
                long idx = Long.parseLong(name);
                v = idx <= m.groupCount() ? m.group((int) idx) : null;
            } else {
                v = m.group(name);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            v = null;
        }
        return v == null ? "" : v;
    }

    static long count(String regex, String s) {
        Matcher m = compile(regex).matcher(s);
        long n = 0;
        int from = 0;
        int prevEnd = -1;
        while (from <= s.length() && m.find(from)) {
            if (m.start() == m.end() && m.start() == prevEnd) {
                if (m.start() >= s.length()) break;
                from = m.start() + 1;
                continue;
            }
            n++;
            prevEnd = m.end();
            from = m.end() > m.start() ? m.end() : m.end() + 1;
        }
        return n;
    }

    /** url.QueryEscape: space becomes '+', everything but unreserved characters is %XX; checked as it grows. */
    static String queryEscape(String s, long maxLength) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            TemplateLimits.require(b.length(), maxLength); // an escape takes three characters per byte
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
            }
        }
        return b.toString();
    }

    static String queryUnescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte c = in[i];
            if (c == '%') {
                if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
                    String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
                    throw new GoError("invalid URL escape " + Quoting.quote(bad));
                }
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(c == '+' ? ' ' : c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static String b64dec(String s) {
        if (s.length() % 4 != 0) {
            // Go's StdEncoding requires padding; Java's decoder would accept the text.
            return "illegal base64 data at input byte " + (s.length() - s.length() % 4);
        }
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "illegal base64 data at input byte " + firstBadBase64Byte(s); // sprig returns the error text
        }
    }

    private static int firstBadBase64Byte(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) && c < 128 || c == '+' || c == '/' || c == '=';
            if (!ok) return i;
        }
        return Math.max(0, s.length() - s.length() % 4);
    }

    /** strings.Title: upper-cases the first letter of each word. */
    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            b.appendCodePoint(isTitleSeparator(prev) ? Character.toTitleCase(cp) : cp);
            prev = cp;
        }
        return b.toString();
    }

    private static boolean isTitleSeparator(int r) {
        if (r <= 0x7F) {
            return !(Character.isLetterOrDigit(r) || r == '_');
        }
        if (Character.isLetter(r) || Character.isDigit(r)) return false;
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    /** sprig's trunc as in Loki 2.9: counts UTF-8 bytes, so it may cut a character in two. */
    static String trunc(long c, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int l = b.length;
        if (c < 0 && l + c > 0) return new String(b, (int) (l + c), (int) -c, StandardCharsets.UTF_8);
        if (c >= 0 && l > c) return new String(b, 0, (int) c, StandardCharsets.UTF_8);
        return s;
    }

    /** sprig's substr as in Loki 2.9: byte offsets; out-of-range bounds fail like a Go slice expression. */
    static String substr(long start, long end, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long from = start;
        long to = end;
        if (start < 0) {
            from = 0;
        } else if (end < 0 || end > b.length) {
            to = b.length;
        }
        if (to < 0 || to > b.length) throw new GoError("runtime error: slice bounds out of range [:" + to + "] with length " + b.length);
        if (from > to) throw new GoError("runtime error: slice bounds out of range [" + from + ":" + to + "]");
        return new String(b, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }

    static String align(long count, String src, boolean left, long maxLength) {
        int[] runes = src.codePoints().toArray();
        int l = runes.length;
        if (count < 0 || count == l) return src;
        long pad = count - l;
        if (pad > 0) TemplateLimits.require(TemplateLimits.plus(src.length(), pad), maxLength);
        if (pad > 0) return left ? src + " ".repeat((int) pad) : " ".repeat((int) pad) + src;
        return left ? new String(runes, 0, (int) count) : new String(runes, (int) (l - count), (int) count);
    }

    static String indent(long spaces, String v, long maxLength) {
        long lines = 1 + v.chars().filter(c -> c == '\n').count();
        TemplateLimits.require(TemplateLimits.plus(v.length(), TemplateLimits.times(spaces, lines)), maxLength);
        String pad = " ".repeat((int) Math.max(0, spaces));
        return pad + v.replace("\n", "\n" + pad);
    }

    static String repeat(long count, String s, long maxLength) {
        if (count < 0) throw new GoError("strings: negative Repeat count");
        if (s.isEmpty()) return s;
        TemplateLimits.require(TemplateLimits.times(count, s.length()), maxLength);
        return s.repeat((int) count);
    }
}

package dev.sigyn.logql.template;

/** Go's strconv quoting rules, used for string literals, %q and error messages. */
final class GoStrings {
    private GoStrings() {}

    /** strconv.Quote: double-quoted with Go escapes; printable Unicode is kept as is. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        appendQuoted(b, s, '"', false);
        return b.append('"').toString();
    }

    /** strconv.QuoteToASCII-style when asciiOnly (used by %+q). */
    static void appendQuoted(StringBuilder b, String s, char quote, boolean asciiOnly) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            appendEscapedRune(b, cp, quote, asciiOnly);
        }
    }

    static void appendEscapedRune(StringBuilder b, int cp, char quote, boolean asciiOnly) {
        if (cp == quote || cp == '\\') {
            b.append('\\').appendCodePoint(cp);
            return;
        }
        if (asciiOnly ? (cp < 0x7f && cp >= 0x20) : isPrint(cp)) {
            b.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 7 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 11 -> b.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7f) b.append("\\x").append(hex(cp, 2));
                else if (cp < 0x10000) b.append("\\u").append(hex(cp, 4));
                else b.append("\\U").append(hex(cp, 8));
            }
        }
    }

    static boolean isPrint(int cp) {
        if (cp < 0x20 || cp == 0x7f) return false;
        if (cp < 0x7f) return true;
        int type = Character.getType(cp);
        return Character.isDefined(cp) && type != Character.CONTROL && type != Character.FORMAT
                && type != Character.SURROGATE && type != Character.PRIVATE_USE && type != Character.UNASSIGNED
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && (type != Character.SPACE_SEPARATOR || cp == 0x20);
    }

    private static String hex(int v, int width) {
        String h = Integer.toHexString(v);
        return "0".repeat(Math.max(0, width - h.length())) + h;
    }

    /** Go's %#U: {@code U+007D '}'}. */
    static String describeRune(int cp) {
        String u = Integer.toHexString(cp).toUpperCase();
        String s = "U+" + "0".repeat(Math.max(0, 4 - u.length())) + u;
        return isPrint(cp) ? s + " '" + new String(Character.toChars(cp)) + "'" : s;
    }

    /** strconv.Unquote for "…", `…` and '…' literals; throws IllegalArgumentException("invalid syntax"). */
    static String unquote(String lit) {
        int n = lit.length();
        if (n < 2) throw invalid();
        char q = lit.charAt(0);
        if (q != lit.charAt(n - 1)) throw invalid();
        String body = lit.substring(1, n - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) throw invalid();
            return body.replace("\r", "");
        }
        if (q != '"' && q != '\'') throw invalid();
        StringBuilder b = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            if (c == q || c == '\n') throw invalid();
            if (c != '\\') {
                b.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) throw invalid();
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> b.append((char) 7);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'v' -> b.append((char) 11);
                case '\\' -> b.append('\\');
                case '\'', '"' -> {
                    if (e != q) throw invalid();
                    b.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > body.length()) throw invalid();
                    int v;
                    try {
                        v = Integer.parseUnsignedInt(body.substring(i, i + len), 16);
                    } catch (NumberFormatException ex) {
                        throw invalid();
                    }
                    if (e != 'x' && (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))) throw invalid();
                    b.appendCodePoint(v);
                    i += len;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) throw invalid();
                    String oct = body.substring(i - 1, i + 2);
                    int v;
                    try {
                        v = Integer.parseInt(oct, 8);
                    } catch (NumberFormatException ex) {
                        throw invalid();
                    }
                    if (v > 255) throw invalid();
                    b.append((char) v);
                    i += 2;
                }
                default -> throw invalid();
            }
        }
        if (q == '\'' && b.codePointCount(0, b.length()) != 1) throw invalid();
        return b.toString();
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid syntax");
    }
}

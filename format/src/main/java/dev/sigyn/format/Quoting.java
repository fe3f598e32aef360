package dev.sigyn.format;

/**
 * Go's {@code strconv} quoting: {@code Quote} ({@code "a\"b\n"}, printable Unicode kept), {@code QuoteToASCII},
 * {@code QuoteRune} and {@code Unquote}. Loki quotes label values, query strings and the values in its error
 * messages this way, so Sigyn's answers read the same.
 */
public final class Quoting {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Quoting() {}

    /** {@code strconv.Quote(s)}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    /** Appends {@code strconv.Quote(s)}. */
    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        appendQuoted(sb, s, '"', false);
        sb.append('"');
    }

    /** {@code strconv.QuoteRune(r)}: {@code 'a'}, {@code '\''}, {@code '\x00'}. */
    public static String quoteRune(int codePoint) {
        StringBuilder sb = new StringBuilder(6).append('\'');
        appendEscapedRune(sb, codePoint, '\'', false);
        return sb.append('\'').toString();
    }

    /**
     * Appends the inside of a Go quoted literal delimited by {@code quote}; with {@code asciiOnly}, as
     * {@code QuoteToASCII} (fmt's {@code %+q}) does, every non-ASCII character escaped.
     */
    public static void appendQuoted(StringBuilder sb, String s, char quote, boolean asciiOnly) {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != quote && c != '\\') { // the common case, one char at a time
                sb.append(c);
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            appendEscapedRune(sb, cp, quote, asciiOnly);
        }
    }

    /** Appends one character as it stands in a Go quoted literal delimited by {@code quote}. */
    public static void appendEscapedRune(StringBuilder sb, int cp, char quote, boolean asciiOnly) {
        if (cp == quote || cp == '\\') {
            sb.append('\\').appendCodePoint(cp);
            return;
        }
        if (asciiOnly ? cp >= 0x20 && cp < 0x7f : isPrint(cp)) {
            sb.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 0x07 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0b -> sb.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7f) appendHex(sb.append("\\x"), cp, 2);
                else if (Character.isSurrogate((char) cp) && cp <= 0xffff) sb.append("\\ufffd"); // not text; Go has U+FFFD
                else if (cp < 0x10000) appendHex(sb.append("\\u"), cp, 4);
                else appendHex(sb.append("\\U"), cp, 8);
            }
        }
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrint(int cp) {
        if (cp < 0x7f) return cp >= 0x20;
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static void appendHex(StringBuilder sb, int value, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) sb.append(HEX[(value >>> shift) & 0xf]);
    }

    /**
     * {@code strconv.Unquote} of a {@code "…"}, {@code `…`} or {@code '…'} literal; a {@link FormatException}
     * "invalid syntax" otherwise.
     */
    public static String unquote(String literal) {
        int n = literal.length();
        if (n < 2) throw invalidSyntax();
        char q = literal.charAt(0);
        if (q != literal.charAt(n - 1)) throw invalidSyntax();
        String body = literal.substring(1, n - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) throw invalidSyntax();
            return body.replace("\r", "");
        }
        if (q != '"' && q != '\'') throw invalidSyntax();
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            if (c == q || c == '\n') throw invalidSyntax();
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) throw invalidSyntax();
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> sb.append((char) 7);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append((char) 11);
                case '\\' -> sb.append('\\');
                case '\'', '"' -> {
                    if (e != q) throw invalidSyntax();
                    sb.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > body.length()) throw invalidSyntax();
                    int v;
                    try {
                        v = Integer.parseUnsignedInt(body, i, i + len, 16);
                    } catch (NumberFormatException ex) {
                        throw invalidSyntax();
                    }
                    if (e != 'x' && (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))) throw invalidSyntax();
                    sb.appendCodePoint(v);
                    i += len;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) throw invalidSyntax();
                    int v;
                    try {
                        v = Integer.parseInt(body, i - 1, i + 2, 8);
                    } catch (NumberFormatException ex) {
                        throw invalidSyntax();
                    }
                    if (v > 255) throw invalidSyntax();
                    sb.append((char) v);
                    i += 2;
                }
                default -> throw invalidSyntax();
            }
        }
        if (q == '\'' && sb.codePointCount(0, sb.length()) != 1) throw invalidSyntax();
        return sb.toString();
    }

    private static FormatException invalidSyntax() {
        return new FormatException("invalid syntax");
    }
}

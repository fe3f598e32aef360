package dev.sigyn.format;

/** Go's {@code strings} functions whose idea of white space differs from Java's. */
public final class GoStrings {
    private GoStrings() {}

    /** {@code strings.TrimSpace}: leading and trailing white space as Go's {@code unicode.IsSpace} defines it. */
    public static String trimSpace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) from++;
        while (to > from && isSpace(s.charAt(to - 1))) to--;
        return s.substring(from, to);
    }

    /** {@code unicode.IsSpace}: tab to carriage return, space, U+0085, U+00A0 and the Unicode space separators. */
    public static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || Character.isSpaceChar(c);
    }
}

package dev.sigyn.logql.syntax;

import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.Quoting;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits LogQL text into {@link Token}s, one at a time, the way Loki's lexer does (Go's text/scanner plus
 * Loki's rules for durations, byte sizes, ranges, flags and function names).
 *
 * <ul>
 *   <li>Strings: {@code "..."} with Go escapes, {@code `...`} raw (may span lines); {@code '...'} is accepted too
 *       (PromQL form, used by {@link Parser#parseLabelPairs}).</li>
 *   <li>Numbers ({@code 1}, {@code 1.5}, {@code 1e3}, {@code 0x1f}); a number followed by a unit is a
 *       {@link TokenType#DURATION} ({@code 5m}, {@code 1h30m}, {@code 1.5s}, {@code -5m}) or a
 *       {@link TokenType#BYTES} ({@code 10KB}, {@code 2KiB}).</li>
 *   <li>{@code [...]} is always a {@link TokenType#RANGE} holding a Prometheus duration.</li>
 *   <li>Comments: {@code #} to the end of the line, and Go's {@code //} and {@code /* ... *&#47;}.</li>
 * </ul>
 * Lexical errors throw {@link ParseException} with the position of the offending token.
 */
public final class Lexer {
    private static final String[] GROUPINGS = {"by", "without"};

    private final String src;
    private int pos;
    private int line = 1;
    private int col = 1;

    public Lexer(String src) {
        this.src = src;
    }

    /** All tokens of {@code src}, ending with {@link TokenType#EOF}. */
    public static List<Token> tokenize(String src) {
        Lexer lexer = new Lexer(src);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.type() != TokenType.EOF);
        return tokens;
    }

    /** The next token; {@link TokenType#EOF} (repeatedly) at the end of the input. */
    public Token next() {
        skipBlanksAndComments();
        Position start = here();
        int startIdx = pos;
        if (atEnd()) return new Token(TokenType.EOF, "", "", 0, start);
        int c = src.codePointAt(pos);
        if (isIdentStart(c)) return word(startIdx, start);
        if (Units.isAsciiDigit(c) || (c == '.' && Units.isAsciiDigit(charAt(pos + 1)))) return number(startIdx, start);
        return switch (c) {
            case '"', '\'' -> quoted((char) c, startIdx, start);
            case '`' -> raw(startIdx, start);
            case '[' -> range(startIdx, start);
            case '-' -> minus(startIdx, start);
            case '{' -> symbol(TokenType.OPEN_BRACE, 1, startIdx, start);
            case '}' -> symbol(TokenType.CLOSE_BRACE, 1, startIdx, start);
            case ']' -> symbol(TokenType.CLOSE_BRACKET, 1, startIdx, start);
            case '(' -> symbol(TokenType.OPEN_PARENTHESIS, 1, startIdx, start);
            case ')' -> symbol(TokenType.CLOSE_PARENTHESIS, 1, startIdx, start);
            case ',' -> symbol(TokenType.COMMA, 1, startIdx, start);
            case '.' -> symbol(TokenType.DOT, 1, startIdx, start);
            case '+' -> symbol(TokenType.ADD, 1, startIdx, start);
            case '*' -> symbol(TokenType.MUL, 1, startIdx, start);
            case '/' -> symbol(TokenType.DIV, 1, startIdx, start);
            case '%' -> symbol(TokenType.MOD, 1, startIdx, start);
            case '^' -> symbol(TokenType.POW, 1, startIdx, start);
            case '=' -> switch (charAt(pos + 1)) {
                case '=' -> symbol(TokenType.CMP_EQ, 2, startIdx, start);
                case '~' -> symbol(TokenType.RE, 2, startIdx, start);
                default -> symbol(TokenType.EQ, 1, startIdx, start);
            };
            case '!' -> switch (charAt(pos + 1)) {
                case '=' -> symbol(TokenType.NEQ, 2, startIdx, start);
                case '~' -> symbol(TokenType.NRE, 2, startIdx, start);
                case '>' -> symbol(TokenType.NPA, 2, startIdx, start);
                default -> throw unexpectedCharacter(c, start);
            };
            case '|' -> switch (charAt(pos + 1)) {
                case '=' -> symbol(TokenType.PIPE_EXACT, 2, startIdx, start);
                case '~' -> symbol(TokenType.PIPE_MATCH, 2, startIdx, start);
                case '>' -> symbol(TokenType.PIPE_PATTERN, 2, startIdx, start);
                default -> symbol(TokenType.PIPE, 1, startIdx, start);
            };
            case '>' -> charAt(pos + 1) == '='
                    ? symbol(TokenType.GTE, 2, startIdx, start) : symbol(TokenType.GT, 1, startIdx, start);
            case '<' -> charAt(pos + 1) == '='
                    ? symbol(TokenType.LTE, 2, startIdx, start) : symbol(TokenType.LT, 1, startIdx, start);
            default -> throw unexpectedCharacter(c, start);
        };
    }

    // ---- words -------------------------------------------------------------------------------------------

    private Token word(int startIdx, Position start) {
        advance();
        while (!atEnd() && isIdentPart(src.codePointAt(pos))) advance();
        String text = src.substring(startIdx, pos);
        TokenType type = TokenType.ofWord(text);
        if (type == null || (type.kind() == TokenType.Kind.FUNCTION && !callFollows(pos))) {
            type = TokenType.IDENTIFIER;
        }
        return new Token(type, text, text, 0, start);
    }

    /** Loki's test for a function call: "(" follows, or "by (" / "without (" (aggregations with grouping first). */
    private boolean callFollows(int i) {
        i = skipSpaces(i);
        if (charAt(i) == '(') return true;
        for (String grouping : GROUPINGS) {
            if (src.regionMatches(true, i, grouping, 0, grouping.length())) {
                return charAt(skipSpaces(i + grouping.length())) == '(';
            }
        }
        return false;
    }

    private int skipSpaces(int i) {
        while (i < src.length() && Character.isWhitespace(src.charAt(i))) i++;
        return i;
    }

    // ---- numbers, durations, sizes ---------------------------------------------------------------------------

    private Token number(int startIdx, Position start) {
        scanGoNumber(start);
        String number = src.substring(startIdx, pos);

        String durationTail = peekRun(pos, true);
        if (!durationTail.isEmpty()) {
            try {
                long nanos = Units.parseDuration(number + durationTail);
                skip(durationTail.length());
                return new Token(TokenType.DURATION, number + durationTail, number + durationTail, nanos, start);
            } catch (FormatException notADuration) {
                // maybe a byte size
            }
        }
        String bytesTail = peekRun(pos, false);
        if (!bytesTail.isEmpty()) {
            try {
                long bytes = Units.parseBytes(number + bytesTail);
                skip(bytesTail.length());
                return new Token(TokenType.BYTES, number + bytesTail, number + bytesTail, bytes, start);
            } catch (FormatException notASize) {
                // a plain number followed by something else
            }
        }
        return new Token(TokenType.NUMBER, number, number, 0, start);
    }

    /** Consumes a Go number literal: decimal, hexadecimal (with optional p exponent), octal or binary. */
    private void scanGoNumber(Position start) {
        char c = charAt(pos);
        char prefix = Character.toLowerCase(charAt(pos + 1));
        if (c == '0' && (prefix == 'x' || prefix == 'o' || (prefix == 'b' && (charAt(pos + 2) == '0' || charAt(pos + 2) == '1')))) {
            skip(2);
            int radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
            int digits = skipDigits(radix);
            if (radix == 16 && charAt(pos) == '.') {
                skip(1);
                digits += skipDigits(16);
            }
            if (digits == 0) throw new ParseException(literalName(prefix) + " has no digits", start);
            if (radix == 16 && Character.toLowerCase(charAt(pos)) == 'p') scanExponent(start);
            return;
        }
        int digits = skipDigits(10);
        if (charAt(pos) == '.') {
            skip(1);
            digits += skipDigits(10);
        }
        if (digits == 0) throw new ParseException("decimal literal has no digits", start);
        if (Character.toLowerCase(charAt(pos)) == 'e') scanExponent(start);
    }

    private void scanExponent(Position start) {
        skip(1);
        if (charAt(pos) == '+' || charAt(pos) == '-') skip(1);
        if (skipDigits(10) == 0) throw new ParseException("exponent has no digits", start);
    }

    private int skipDigits(int radix) {
        int n = 0;
        while (!atEnd() && Character.digit(src.charAt(pos), radix) >= 0 && src.charAt(pos) < 0x80) {
            skip(1);
            n++;
        }
        return n;
    }

    private static String literalName(char prefix) {
        return switch (prefix) {
            case 'x' -> "hexadecimal literal";
            case 'o' -> "octal literal";
            default -> "binary literal";
        };
    }

    /**
     * The characters after a number that could make it a duration (digits, '.', duration unit letters) or a
     * byte size (digits, '.', size unit letters), up to the first other character; as Loki's lexer peeks them.
     */
    private String peekRun(int from, boolean duration) {
        int i = from;
        while (i < src.length()) {
            int c = src.codePointAt(i);
            boolean ok = isGoNumber(c) || c == '.' || (duration ? isDurationUnitChar(c) : isByteUnitChar(c));
            if (!ok) break;
            i += Character.charCount(c);
        }
        return src.substring(from, i);
    }

    private static boolean isGoNumber(int c) {
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    private static boolean isDurationUnitChar(int c) {
        return switch (c) {
            case 'n', 'u', '\u00b5', 'm', 's', 'h', 'd', 'w', 'y' -> true;
            default -> false;
        };
    }

    private static boolean isByteUnitChar(int c) {
        return switch (c) {
            case 'B', 'i', 'k', 'K', 'M', 'G', 'T', 'P' -> true;
            default -> false;
        };
    }

    /** '-' starts a parser flag ({@code --strict}), a negative duration ({@code -5m}) or is a minus sign. */
    private Token minus(int startIdx, Position start) {
        if (charAt(pos + 1) == '-') {
            int i = pos + 1;
            while (i < src.length() && (Character.isLetter(src.charAt(i)) || src.charAt(i) == '-')) i++;
            String flag = src.substring(startIdx, i);
            if (flag.equals("--strict") || flag.equals("--keep-empty")) {
                skip(flag.length());
                return new Token(TokenType.FUNCTION_FLAG, flag, flag, 0, start);
            }
        }
        String tail = peekRun(pos + 1, true);
        if (!tail.isEmpty()) {
            try {
                long nanos = Units.parseDuration("-" + tail);
                skip(1 + tail.length());
                return new Token(TokenType.DURATION, "-" + tail, "-" + tail, nanos, start);
            } catch (FormatException notADuration) {
                // a minus sign
            }
        }
        return symbol(TokenType.SUB, 1, startIdx, start);
    }

    private Token range(int startIdx, Position start) {
        skip(1);
        int contentStart = pos;
        while (!atEnd() && src.charAt(pos) != ']') advance();
        if (atEnd()) throw new ParseException("missing closing ']' in duration", start);
        String content = src.substring(contentStart, pos);
        skip(1);
        try {
            long nanos = Durations.parsePrometheus(content);
            return new Token(TokenType.RANGE, src.substring(startIdx, pos), content, nanos, start);
        } catch (FormatException e) {
            throw new ParseException(e.getMessage(), start);
        }
    }

    // ---- strings ------------------------------------------------------------------------------------------

    private Token quoted(char quote, int startIdx, Position start) {
        skip(1);
        StringDecoder value = new StringDecoder();
        while (true) {
            if (atEnd() || src.charAt(pos) == '\n') throw new ParseException("literal not terminated", start);
            char c = src.charAt(pos);
            if (c == quote) break;
            if (c == '\\') {
                escape(quote, value, start);
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(charAt(pos + 1))) {
                    throw new ParseException("invalid UTF-8 rune", start);
                }
                value.appendChar(c);
                value.appendChar(src.charAt(pos + 1));
                advance();
            } else {
                value.appendChar(c);
                advance();
            }
        }
        skip(1);
        return new Token(TokenType.STRING, src.substring(startIdx, pos), value.toString(), 0, start);
    }

    /** Decodes one Go escape sequence; {@code \x} and octal escapes are bytes, assembled as UTF-8. */
    private void escape(char quote, StringDecoder out, Position start) {
        skip(1);
        char e = charAt(pos);
        switch (e) {
            case 'a' -> out.appendChar('\u0007');
            case 'b' -> out.appendChar('\b');
            case 'f' -> out.appendChar('\f');
            case 'n' -> out.appendChar('\n');
            case 'r' -> out.appendChar('\r');
            case 't' -> out.appendChar('\t');
            case 'v' -> out.appendChar('\u000b');
            case '\\' -> out.appendChar('\\');
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int v = digits(pos, 3, 8, start);
                if (v > 255) throw new ParseException("invalid syntax", start);
                out.appendByte(v);
                skip(2);
            }
            case 'x' -> {
                out.appendByte(digits(pos + 1, 2, 16, start));
                skip(2);
            }
            case 'u', 'U' -> {
                int n = e == 'u' ? 4 : 8;
                int cp = digits(pos + 1, n, 16, start);
                if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) { // 8 hex digits may overflow
                    throw new ParseException("invalid syntax", start);
                }
                out.appendCodePoint(cp);
                skip(n);
            }
            default -> {
                if (e != quote) throw new ParseException("invalid char escape", start);
                out.appendChar(e);
            }
        }
        skip(1);
    }

    private int digits(int from, int count, int radix, Position start) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = i < src.length() && src.charAt(i) < 0x80 ? Character.digit(src.charAt(i), radix) : -1;
            if (d < 0) throw new ParseException("invalid char escape", start);
            v = v * radix + d;
        }
        return v;
    }

    private Token raw(int startIdx, Position start) {
        skip(1);
        int contentStart = pos;
        while (!atEnd() && src.charAt(pos) != '`') advance();
        if (atEnd()) throw new ParseException("literal not terminated", start);
        String value = src.substring(contentStart, pos);
        skip(1);
        return new Token(TokenType.STRING, src.substring(startIdx, pos), value, 0, start);
    }

    /** Builds a decoded string where escapes may contribute raw bytes that together form UTF-8 sequences. */
    private static final class StringDecoder {
        private final StringBuilder sb = new StringBuilder();
        private byte[] pending = new byte[0];
        private int pendingLen;

        void appendByte(int b) {
            if (b < 0x80 && pendingLen == 0) {
                sb.append((char) b);
                return;
            }
            if (pendingLen == pending.length) pending = Arrays.copyOf(pending, Math.max(8, pendingLen * 2));
            pending[pendingLen++] = (byte) b;
        }

        void appendChar(char c) {
            flush();
            sb.append(c);
        }

        void appendCodePoint(int cp) {
            flush();
            sb.appendCodePoint(cp);
        }

        private void flush() {
            if (pendingLen > 0) {
                sb.append(new String(pending, 0, pendingLen, StandardCharsets.UTF_8));
                pendingLen = 0;
            }
        }

        @Override
        public String toString() {
            flush();
            return sb.toString();
        }
    }

    // ---- blanks and comments ----------------------------------------------------------------------------------

    private void skipBlanksAndComments() {
        while (!atEnd()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advance();
            } else if (c == '#' || (c == '/' && charAt(pos + 1) == '/')) {
                while (!atEnd() && src.charAt(pos) != '\n') advance();
            } else if (c == '/' && charAt(pos + 1) == '*') {
                Position start = here();
                skip(2);
                while (!atEnd() && !(src.charAt(pos) == '*' && charAt(pos + 1) == '/')) advance();
                if (atEnd()) throw new ParseException("comment not terminated", start);
                skip(2);
            } else {
                return;
            }
        }
    }

    // ---- cursor ----------------------------------------------------------------------------------------------

    private boolean atEnd() {
        return pos >= src.length();
    }

    /** The char at {@code i}, or 0 past the end. */
    private char charAt(int i) {
        return i < src.length() ? src.charAt(i) : 0;
    }

    private Position here() {
        return new Position(line, col);
    }

    /** Moves past one code point, keeping line and column. */
    private void advance() {
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }

    /** Moves past {@code n} chars that are known to hold no newline. */
    private void skip(int n) {
        int end = pos + n;
        while (pos < end) advance();
    }

    private Token symbol(TokenType type, int length, int startIdx, Position start) {
        skip(length);
        String text = src.substring(startIdx, pos);
        return new Token(type, text, text, 0, start);
    }

    private static ParseException unexpectedCharacter(int c, Position at) {
        return new ParseException("syntax error: unexpected character " + Quoting.quote(Character.toString(c)), at);
    }

    private static boolean isIdentStart(int c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(int c) {
        return c == '_' || Character.isLetter(c) || Character.isDigit(c);
    }
}

package dev.sigyn.logql.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * A lenient byte-level JSON object walker with the behaviour (and error messages) of the buger/jsonparser library
 * Loki uses: values are delimited, not validated (a number is whatever runs up to a delimiter), fields are visited
 * as they are found, so a line broken half-way still yields its first fields before the error.
 */
final class JsonScanner {
    static final String MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
    static final String MALFORMED_JSON = "Malformed JSON error";
    static final String MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
    static final String MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
    static final String MALFORMED_VALUE = "Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol";
    static final String UNKNOWN_VALUE_TYPE = "Unknown value type";
    static final String MALFORMED_STRING_ESCAPE = "Encountered an invalid escape sequence in a string";

    enum Type { STRING, NUMBER, BOOLEAN, NULL, OBJECT, ARRAY }

    /** Thrown on malformed input; carries jsonparser's message. No stack trace: it is routine on broken lines. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /** Receives each field of an object. Strings are given without their quotes, still escaped. */
    interface FieldVisitor {
        void field(byte[] buf, int keyStart, int keyEnd, boolean keyEscaped,
                   int valueStart, int valueEnd, Type type) throws SyntaxError;
    }

    private JsonScanner() {
    }

    /** Visits the fields of the object starting at the first non-blank byte of {@code buf[start..end)}. */
    static void objectEach(byte[] buf, int start, int end, FieldVisitor visitor) throws SyntaxError {
        int i = nextToken(buf, start, end);
        if (i < 0 || buf[i] != '{') throw new SyntaxError(MALFORMED_OBJECT);
        i = nextToken(buf, i + 1, end);
        if (i < 0) throw new SyntaxError(MALFORMED_JSON);
        if (buf[i] == '}') return;
        while (i < end) {
            if (buf[i] == '}') return;
            if (buf[i] != '"') throw new SyntaxError(MALFORMED_OBJECT);
            int keyStart = i + 1;
            // The key's closing quote, noting on the way whether it holds an escape (one pass over the key).
            int keyEnd = keyStart;
            boolean keyEscaped = false;
            for (; keyEnd < end; keyEnd++) {
                byte c = buf[keyEnd];
                if (c == '"') break;
                if (c == '\\') {
                    keyEscaped = true;
                    keyEnd++;
                }
            }
            if (keyEnd >= end) throw new SyntaxError(MALFORMED_JSON);
            int afterKey = keyEnd + 1;
            if (keyEscaped && unescape(buf, keyStart, keyEnd) == null) throw new SyntaxError(MALFORMED_STRING_ESCAPE);
            i = nextToken(buf, afterKey, end);
            if (i < 0 || buf[i] != ':') throw new SyntaxError(MALFORMED_JSON);
            i = nextToken(buf, i + 1, end);
            if (i < 0) throw new SyntaxError(MALFORMED_JSON);
            i = value(buf, i, end, keyStart, keyEnd, keyEscaped, visitor);
            i = nextToken(buf, i, end);
            if (i < 0) throw new SyntaxError(MALFORMED_ARRAY);
            if (buf[i] == '}') return;
            if (buf[i] != ',') throw new SyntaxError(MALFORMED_OBJECT);
            i = nextToken(buf, i + 1, end);
            if (i < 0) throw new SyntaxError(MALFORMED_ARRAY);
        }
        throw new SyntaxError(MALFORMED_OBJECT);
    }

    /** Reads the value at {@code i}, hands it to the visitor and returns the index after it. */
    private static int value(byte[] buf, int i, int end, int keyStart, int keyEnd, boolean keyEscaped,
                             FieldVisitor visitor) throws SyntaxError {
        int valueEnd = valueEnd(buf, i, end);
        Type type = typeOf(buf, i, valueEnd);
        if (type == Type.STRING) visitor.field(buf, keyStart, keyEnd, keyEscaped, i + 1, valueEnd - 1, type);
        else visitor.field(buf, keyStart, keyEnd, keyEscaped, i, valueEnd, type);
        return valueEnd;
    }

    /** The index just after the value starting at {@code i} (a non-blank byte). */
    static int valueEnd(byte[] buf, int i, int end) throws SyntaxError {
        switch (buf[i]) {
            case '"' -> {
                int e = stringEnd(buf, i + 1, end);
                if (e < 0) throw new SyntaxError(MALFORMED_STRING);
                return e;
            }
            case '[' -> {
                int e = blockEnd(buf, i, end, (byte) '[', (byte) ']');
                if (e < 0) throw new SyntaxError(MALFORMED_ARRAY);
                return e;
            }
            case '{' -> {
                int e = blockEnd(buf, i, end, (byte) '{', (byte) '}');
                if (e < 0) throw new SyntaxError(MALFORMED_OBJECT);
                return e;
            }
            default -> {
                return tokenEnd(buf, i, end);
            }
        }
    }

    /** The type of the value {@code buf[i..valueEnd)}; scalars other than numbers must be exact literals. */
    static Type typeOf(byte[] buf, int i, int valueEnd) throws SyntaxError {
        return switch (buf[i]) {
            case '"' -> Type.STRING;
            case '[' -> Type.ARRAY;
            case '{' -> Type.OBJECT;
            case 't', 'f' -> {
                if (equalsAscii(buf, i, valueEnd, "true") || equalsAscii(buf, i, valueEnd, "false")) yield Type.BOOLEAN;
                throw new SyntaxError(UNKNOWN_VALUE_TYPE);
            }
            case 'n', 'u' -> {
                if (equalsAscii(buf, i, valueEnd, "null")) yield Type.NULL;
                throw new SyntaxError(UNKNOWN_VALUE_TYPE);
            }
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Type.NUMBER;
            default -> throw new SyntaxError(UNKNOWN_VALUE_TYPE);
        };
    }

    /** First non-blank index at or after {@code i}, or -1. */
    static int nextToken(byte[] buf, int i, int end) {
        for (; i < end; i++) {
            byte c = buf[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return i;
        }
        return -1;
    }

    /** Index just after the closing quote of a string whose content starts at {@code i}, or -1. */
    static int stringEnd(byte[] buf, int i, int end) {
        for (; i < end; i++) {
            if (buf[i] == '\\') {
                i++;
            } else if (buf[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index just after the bracket closing the block opened at {@code i}, or -1; strings are skipped. */
    static int blockEnd(byte[] buf, int i, int end, byte open, byte close) {
        int level = 0;
        for (; i < end; i++) {
            byte c = buf[i];
            if (c == '"') {
                int e = stringEnd(buf, i + 1, end);
                if (e < 0) return -1;
                i = e - 1;
            } else if (c == open) {
                level++;
            } else if (c == close) {
                if (--level == 0) return i + 1;
            }
        }
        return -1;
    }

    /** Index of the first delimiter at or after {@code i}, or {@code end}. */
    static int tokenEnd(byte[] buf, int i, int end) {
        for (; i < end; i++) {
            switch (buf[i]) {
                case ' ', '\n', '\r', '\t', ',', '}', ']' -> {
                    return i;
                }
                default -> {
                }
            }
        }
        return end;
    }

    static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) if (buf[i] == b) return i;
        return -1;
    }

    private static boolean equalsAscii(byte[] buf, int from, int to, String literal) {
        if (to - from != literal.length()) return false;
        for (int k = 0; k < literal.length(); k++) if (buf[from + k] != literal.charAt(k)) return false;
        return true;
    }

    /**
     * Decodes the content of a JSON string (without quotes); null when an escape is invalid. Text without
     * backslashes is decoded as is.
     */
    static String unescape(byte[] buf, int from, int to) {
        int slash = indexOf(buf, from, to, (byte) '\\');
        if (slash < 0) return new String(buf, from, to - from, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(to - from);
        sb.append(new String(buf, from, slash - from, StandardCharsets.UTF_8));
        int i = slash;
        while (i < to) {
            int next = indexOf(buf, i, to, (byte) '\\');
            if (next < 0) {
                sb.append(new String(buf, i, to - i, StandardCharsets.UTF_8));
                break;
            }
            sb.append(new String(buf, i, next - i, StandardCharsets.UTF_8));
            if (next + 1 >= to) return null;
            byte e = buf[next + 1];
            i = next + 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    int cp = hex4(buf, i, to);
                    if (cp < 0) return null;
                    i += 4;
                    if (Character.isHighSurrogate((char) cp)) {
                        int low = i + 6 <= to && buf[i] == '\\' && buf[i + 1] == 'u' ? hex4(buf, i + 2, to) : -1;
                        if (low >= 0 && Character.isLowSurrogate((char) low)) {
                            sb.append((char) cp).append((char) low);
                            i += 6;
                        } else {
                            sb.append('\uFFFD');
                        }
                    } else if (Character.isLowSurrogate((char) cp)) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append((char) cp);
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return sb.toString();
    }

    private static int hex4(byte[] buf, int i, int to) {
        if (i + 4 > to) return -1;
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(buf[i + k], 16);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    /**
     * The label value of a JSON string as Loki reads it: unescaped, or "" when the escapes are invalid or the text
     * holds the Unicode replacement character (invalid UTF-8), which Prometheus label values reject.
     */
    static String labelValue(byte[] buf, int from, int to) {
        String s = unescape(buf, from, to);
        return s == null || s.indexOf('\uFFFD') >= 0 ? "" : s;
    }
}

package dev.sigyn.logql.pipeline;

import dev.sigyn.format.Quoting;

import java.nio.charset.StandardCharsets;

/**
 * Scans {@code key=value} pairs of a logfmt line on its bytes, with go-logfmt's rules as Loki uses them: values
 * may be bare or double-quoted (Go escapes), a key without '=' has no value, and a malformed pair is skipped up to
 * the next blank while the first syntax error is remembered (for {@code --strict}).
 */
final class LogfmtDecoder {
    private byte[] line;
    private int end;
    private int pos;
    private String error;

    int keyStart, keyEnd;
    /** Whether the current key is plain ASCII (so its sanitised name has a predictable length). */
    boolean keyAscii;
    /** The value's range when it needs no unescaping; {@code valueStart < 0} when there is no value. */
    int valueStart, valueEnd;
    /** The unescaped value of a quoted value with escapes, else null. */
    String unescapedValue;

    void reset(byte[] line, int length) {
        this.line = line;
        this.end = length;
        this.pos = 0;
        this.error = null;
    }

    boolean endOfLine() {
        return pos >= end;
    }

    /** Go's error text of the last syntax error, or null. */
    String error() {
        return error;
    }

    boolean hasValue() {
        return valueStart >= 0 || unescapedValue != null;
    }

    /** Reads the next pair; false when it is malformed or there is none left. */
    boolean next() {
        keyStart = keyEnd = 0;
        valueStart = valueEnd = -1;
        unescapedValue = null;
        while (pos < end && (line[pos] & 0xff) <= ' ') pos++;
        if (pos >= end) return false;

        int start = pos;
        boolean multibyte = false;
        while (pos < end) {
            int c = line[pos] & 0xff;
            if (c == '=') {
                if (pos == start) {
                    unexpected(c);
                    return skipValue();
                }
                keyStart = start;
                keyEnd = pos;
                keyAscii = !multibyte;
                if (multibyte && hasReplacement(start, pos)) {
                    syntaxError("invalid key");
                    return skipValue();
                }
                return value();
            } else if (c == '"') {
                unexpected(c);
                return skipValue();
            } else if (c <= ' ') {
                return bareKey(start, multibyte);
            } else if (c >= 0x80) {
                multibyte = true;
            }
            pos++;
        }
        return bareKey(start, multibyte);
    }

    private boolean bareKey(int start, boolean multibyte) {
        keyStart = start;
        keyEnd = pos;
        keyAscii = !multibyte;
        if (multibyte && hasReplacement(start, pos)) {
            syntaxError("invalid key");
            return false;
        }
        return true;
    }

    private boolean value() {
        pos++; // past '='
        if (pos >= end) return true;
        int c = line[pos] & 0xff;
        if (c <= ' ') return true;
        if (c == '"') return quotedValue();
        int start = pos;
        while (pos < end) {
            c = line[pos] & 0xff;
            if (c == '=' || c == '"') {
                unexpected(c);
                return skipValue();
            }
            if (c <= ' ') break;
            pos++;
        }
        if (pos > start) {
            valueStart = start;
            valueEnd = pos;
        }
        return true;
    }

    private boolean quotedValue() {
        int start = pos; // at the opening quote
        boolean escaped = false;
        boolean hasEscape = false;
        for (int i = pos + 1; i < end; i++) {
            byte c = line[i];
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                hasEscape = escaped = true;
            } else if (c == '"') {
                pos = i + 1;
                if (hasEscape) {
                    String v = GoQuoted.unquote(line, start + 1, i);
                    if (v == null) {
                        syntaxError("invalid quoted value");
                        return false;
                    }
                    unescapedValue = v;
                } else if (i > start + 1) {
                    valueStart = start + 1;
                    valueEnd = i;
                }
                return true;
            }
        }
        pos = end;
        syntaxError("unterminated quoted value");
        return false;
    }

    private boolean skipValue() {
        while (pos < end && (line[pos] & 0xff) > ' ') pos++;
        return false;
    }

    private boolean hasReplacement(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.UTF_8).indexOf('\uFFFD') >= 0;
    }

    private void unexpected(int c) {
        syntaxError("unexpected " + Quoting.quoteRune(c));
    }

    private void syntaxError(String message) {
        error = "logfmt syntax error at pos " + (pos + 1) + " : " + message;
    }

    /** The current value as a String ("" when there is none). */
    String value(boolean utf8Check) {
        String v = unescapedValue != null ? unescapedValue
                : valueStart >= 0 ? new String(line, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8) : "";
        return utf8Check && v.indexOf('\uFFFD') >= 0 ? "" : v;
    }
}

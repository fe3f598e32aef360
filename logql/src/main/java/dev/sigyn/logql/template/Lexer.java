package dev.sigyn.logql.template;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.template.Token.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a template into tokens the way Go's text/template/parse lexer does, including trim markers
 * ({@code {{- } and {@code -}}}), comments, and its error wording. Lexing stops at the first error token.
 */
final class Lexer {
    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";
    private static final Map<String, Type> KEYWORDS = Map.ofEntries(
            Map.entry(".", Type.DOT), Map.entry("block", Type.BLOCK), Map.entry("break", Type.BREAK),
            Map.entry("continue", Type.CONTINUE), Map.entry("define", Type.DEFINE), Map.entry("else", Type.ELSE),
            Map.entry("end", Type.END), Map.entry("if", Type.IF), Map.entry("range", Type.RANGE),
            Map.entry("nil", Type.NIL), Map.entry("template", Type.TEMPLATE), Map.entry("with", Type.WITH));

    private final String in;
    private final List<Token> tokens = new ArrayList<>();
    private int start;
    private int pos;
    private int parenDepth;
    private boolean failed;

    private Lexer(String in) {
        this.in = in;
    }

    static List<Token> lex(String text) {
        Lexer l = new Lexer(text);
        l.run();
        return l.tokens;
    }

    private void run() {
        while (!failed) {
            if (!lexText()) break;
            while (!failed && lexInsideAction()) { /* one token per call */ }
        }
        if (!failed) emit(Type.EOF);
    }

    private int lineAt(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < in.length(); i++) if (in.charAt(i) == '\n') line++;
        return line;
    }

    private void emit(Type type) {
        tokens.add(new Token(type, in.substring(start, pos), start, lineAt(start)));
        start = pos;
    }

    private boolean error(String message) {
        tokens.add(new Token(Type.ERROR, message, start, lineAt(start)));
        failed = true;
        return false;
    }

    private int peek() {
        return pos < in.length() ? in.charAt(pos) : -1;
    }

    private int next() {
        if (pos >= in.length()) {
            pos = in.length() + 1; // so that backup() after EOF is harmless
            return -1;
        }
        return in.charAt(pos++);
    }

    private void backup() {
        pos--;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlphaNumeric(int c) {
        return c == '_' || (c >= 0 && Character.isLetterOrDigit(c));
    }

    private static boolean hasLeftTrimMarker(String s, int at) {
        return s.length() >= at + 2 && s.charAt(at) == '-' && isSpace(s.charAt(at + 1));
    }

    private static boolean hasRightTrimMarker(String s, int at) {
        return s.length() >= at + 2 && isSpace(s.charAt(at)) && s.charAt(at + 1) == '-';
    }

    /** Returns true when an action starts (left delimiter emitted), false at end of input. */
    private boolean lexText() {
        int x = in.indexOf(LEFT, pos);
        if (x < 0) {
            pos = in.length();
            if (pos > start) emit(Type.TEXT);
            return false;
        }
        pos = x;
        boolean trim = hasLeftTrimMarker(in, x + LEFT.length());
        int textEnd = pos;
        if (trim) while (textEnd > start && isSpace(in.charAt(textEnd - 1))) textEnd--;
        if (textEnd > start) {
            tokens.add(new Token(Type.TEXT, in.substring(start, textEnd), start, lineAt(start)));
        }
        start = pos;
        return lexLeftDelim(trim);
    }

    private boolean lexLeftDelim(boolean trim) {
        pos += LEFT.length();
        int afterMarker = trim ? 2 : 0;
        if (in.startsWith("/*", pos + afterMarker)) {
            pos += afterMarker;
            start = pos;
            return lexComment();
        }
        emit(Type.LEFT_DELIM);
        pos += afterMarker;
        start = pos;
        parenDepth = 0;
        return true;
    }

    private boolean lexComment() {
        pos += 2;
        int x = in.indexOf("*/", pos);
        if (x < 0) return error("unclosed comment");
        pos = x + 2;
        int delim = atRightDelim();
        if (delim == 0) return error("comment ends before closing delimiter");
        pos += (delim == 2 ? 2 : 0) + RIGHT.length();
        if (delim == 2) while (pos < in.length() && isSpace(in.charAt(pos))) pos++;
        start = pos;
        // Comments produce no token; continue with text, then possibly another action.
        return lexText();
    }

    /** 0: not at a right delimiter; 1: at "}}"; 2: at " -}}". */
    private int atRightDelim() {
        if (hasRightTrimMarker(in, pos) && in.startsWith(RIGHT, pos + 2)) return 2;
        if (in.startsWith(RIGHT, pos)) return 1;
        return 0;
    }

    private void lexRightDelim() {
        boolean trim = atRightDelim() == 2;
        if (trim) {
            pos += 2;
            start = pos;
        }
        pos += RIGHT.length();
        emit(Type.RIGHT_DELIM);
        if (trim) {
            while (pos < in.length() && isSpace(in.charAt(pos))) pos++;
            start = pos;
        }
    }

    /** Lexes one token inside an action; false when the action ended (or on error). */
    private boolean lexInsideAction() {
        if (atRightDelim() != 0) {
            if (parenDepth == 0) {
                lexRightDelim();
                return false;
            }
            return error("unclosed left paren");
        }
        int r = next();
        if (r == -1) return error("unclosed action");
        if (isSpace(r)) {
            backup();
            return lexSpace();
        }
        switch (r) {
            case '=' -> emit(Type.ASSIGN);
            case ':' -> {
                if (next() != '=') return error("expected :=");
                emit(Type.DECLARE);
            }
            case '|' -> emit(Type.PIPE);
            case '"' -> { return lexQuote(); }
            case '`' -> { return lexRawQuote(); }
            case '$' -> { return lexFieldOrVariable(Type.VARIABLE); }
            case '\'' -> { return lexChar(); }
            case '(' -> {
                emit(Type.LEFT_PAREN);
                parenDepth++;
            }
            case ')' -> {
                emit(Type.RIGHT_PAREN);
                parenDepth--;
                if (parenDepth < 0) return error("unexpected right paren");
            }
            default -> {
                if (r == '.') {
                    int c = peek();
                    if (c < '0' || c > '9') return lexFieldOrVariable(Type.FIELD);
                }
                if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
                    backup();
                    return lexNumber();
                }
                if (isAlphaNumeric(r)) {
                    backup();
                    return lexIdentifier();
                }
                if (r < 0x7f && r >= 0x20) {
                    emit(Type.CHAR);
                } else {
                    return error("unrecognized character in action: " + describeRune(r));
                }
            }
        }
        return true;
    }

    private boolean lexSpace() {
        int spaces = 0;
        while (isSpace(peek())) {
            next();
            spaces++;
        }
        if (hasRightTrimMarker(in, pos - 1) && in.startsWith(RIGHT, pos + 1)) {
            backup();
            if (spaces == 1) {
                lexRightDelim();
                return false;
            }
        }
        emit(Type.SPACE);
        return true;
    }

    private boolean atTerminator() {
        int r = peek();
        if (isSpace(r)) return true;
        return switch (r) {
            case -1, '.', ',', '|', ':', ')', '(' -> true;
            default -> in.startsWith(RIGHT, pos);
        };
    }

    private boolean lexIdentifier() {
        int r;
        do {
            r = next();
        } while (isAlphaNumeric(r));
        backup();
        if (!atTerminator()) return error("bad character " + describeRune(peek()));
        String word = in.substring(start, pos);
        Type keyword = KEYWORDS.get(word);
        if (keyword != null) emit(keyword);
        else if (word.equals("true") || word.equals("false")) emit(Type.BOOL);
        else emit(Type.IDENTIFIER);
        return true;
    }

    private boolean lexFieldOrVariable(Type type) {
        if (atTerminator()) {
            emit(type == Type.VARIABLE ? Type.VARIABLE : Type.DOT);
            return true;
        }
        int r;
        do {
            r = next();
        } while (isAlphaNumeric(r));
        backup();
        if (!atTerminator()) return error("bad character " + describeRune(peek()));
        emit(type);
        return true;
    }

    private boolean lexChar() {
        return lexQuoted('\'', Type.CHAR_CONSTANT, "unterminated character constant");
    }

    private boolean lexQuote() {
        return lexQuoted('"', Type.STRING, "unterminated quoted string");
    }

    /** A quoted token up to the closing quote; escapes are kept for the parser, a line end is an error. */
    private boolean lexQuoted(char close, Type type, String unterminated) {
        while (true) {
            int r = next();
            if (r == '\\') {
                r = next();
                if (r != -1 && r != '\n') continue;
            }
            if (r == -1 || r == '\n') return error(unterminated);
            if (r == close) break;
        }
        emit(type);
        return true;
    }

    private boolean lexRawQuote() {
        int x = in.indexOf('`', pos);
        if (x < 0) return error("unterminated raw quoted string");
        pos = x + 1;
        emit(Type.RAW_STRING);
        return true;
    }

    private boolean accept(String valid) {
        int r = next();
        if (r != -1 && valid.indexOf(r) >= 0) return true;
        backup();
        return false;
    }

    private void acceptRun(String valid) {
        int r;
        do {
            r = next();
        } while (r != -1 && valid.indexOf(r) >= 0);
        backup();
    }

    private boolean lexNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) digits = "0123456789abcdefABCDEF_";
            else if (accept("oO")) digits = "01234567_";
            else if (accept("bB")) digits = "01_";
        }
        acceptRun(digits);
        if (accept(".")) acceptRun(digits);
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (isAlphaNumeric(peek())) {
            next();
            return error("bad number syntax: " + Quoting.quote(in.substring(start, Math.min(pos, in.length()))));
        }
        emit(Type.NUMBER);
        return true;
    }

    /** Go's {@code %#U}: {@code U+007D '}'}. */
    private static String describeRune(int cp) {
        String hex = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
        String code = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
        return Quoting.isPrint(cp) ? code + " '" + new String(Character.toChars(cp)) + "'" : code;
    }
}

package dev.sigyn.logql.template;

import dev.sigyn.format.Quoting;

/** One lexical item of a template, with its byte-ish offset and line (for Go-like error messages). */
record Token(Type type, String text, int pos, int line) {

    enum Type {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, COMMENT, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM,
        LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
        // keywords
        BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

        boolean isKeyword() {
            return ordinal() >= BLOCK.ordinal();
        }
    }

    /** How Go's parser names a token in "unexpected X in Y" messages. */
    String describe() {
        return switch (type) {
            case EOF -> "EOF";
            case ERROR -> text;
            default -> {
                if (type.isKeyword()) yield "<" + text + ">";
                if (text.length() > 10) yield Quoting.quote(text.substring(0, 10)) + "...";
                yield Quoting.quote(text);
            }
        };
    }
}

package dev.sigyn.logql.syntax;

/**
 * A query or selector that cannot be parsed or is not valid; the HTTP layer answers 400 with its message.
 * The message has Loki's form: {@code parse error at line 1, col 7: syntax error: unexpected ...}, or
 * {@code parse error : ...} when the problem has no position (as Loki does for validation errors).
 */
public class ParseException extends RuntimeException {
    private final String detail;
    private final int line;
    private final int column;

    public ParseException(String detail, int line, int column) {
        super(format(detail, line, column));
        this.detail = detail;
        this.line = line;
        this.column = column;
    }

    public ParseException(String detail, Position pos) {
        this(detail, pos.line(), pos.column());
    }

    /** A problem that concerns the whole query rather than one place in it. */
    public ParseException(String detail) {
        this(detail, 0, 0);
    }

    /** The message without the {@code parse error at ...:} prefix. */
    public String detail() { return detail; }

    /** 1-based line, or 0 when the error has no position. */
    public int line() { return line; }

    /** 1-based column, or 0 when the error has no position. */
    public int column() { return column; }

    private static String format(String detail, int line, int column) {
        if (line == 0 && column == 0) return "parse error : " + detail;
        return "parse error at line " + line + ", col " + column + ": " + detail;
    }
}

package dev.sigyn.logql.syntax;

/**
 * Where a token or AST node starts in the query text: line and column, both counted from 1 (columns in
 * characters, as Loki counts them). {@link #NONE} stands for "no position" (nodes built in code).
 *
 * <p>Positions never take part in equality: two positions are always equal and hash alike, so that the records of
 * the AST compare by meaning only and {@code Parser.parseExpr(Printer.print(e)).equals(e)} holds.
 */
public record Position(int line, int column) {
    public static final Position NONE = new Position(0, 0);

    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Position;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}

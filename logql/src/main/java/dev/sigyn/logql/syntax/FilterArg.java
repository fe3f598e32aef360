package dev.sigyn.logql.syntax;

/** One operand of a line filter: a string (text, regex or pattern, per the operator) or {@code ip("...")}. */
public sealed interface FilterArg {

    Position pos();

    /** A quoted string: a substring for {@code |=}/{@code !=}, a regex for {@code |~}/{@code !~}, a pattern for {@code |>}/{@code !>}. */
    record Text(String value, Position pos) implements FilterArg {
        public Text(String value) {
            this(value, Position.NONE);
        }
    }

    /** {@code ip("...")}: an address, a CIDR prefix or an address range, matched against addresses in the line. */
    record Ip(String pattern, Position pos) implements FilterArg {
        public Ip(String pattern) {
            this(pattern, Position.NONE);
        }
    }
}

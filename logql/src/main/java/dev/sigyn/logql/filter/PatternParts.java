package dev.sigyn.logql.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * The syntax shared by the pattern line filter ({@code |> "<_> error <_>"}) and the pattern parser
 * ({@code | pattern "<ip> - <_>"}): literal text and captures {@code <name>} (a name is an ASCII letter or '_', then
 * letters, digits or '_'; anything else in angle brackets is literal text).
 */
public final class PatternParts {
    /** A piece of a pattern. */
    public sealed interface Part permits Literal, Capture {}

    /** Text the line must contain. */
    public record Literal(String text) implements Part {}

    /** A capture; {@code _} is the unnamed one. */
    public record Capture(String name) implements Part {
        public boolean named() {
            return !name.equals("_");
        }
    }

    private PatternParts() {}

    /** The pattern's parts in order; throws {@link InvalidFilterException} for two captures in a row, as Loki does. */
    public static List<Part> split(String pattern) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            int end = captureEnd(pattern, i);
            if (end > 0) {
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                Capture capture = new Capture(pattern.substring(i + 1, end - 1));
                if (!parts.isEmpty() && parts.getLast() instanceof Capture previous) {
                    throw new InvalidFilterException("found consecutive capture '<" + previous.name() + "><"
                            + capture.name() + ">': invalid expression");
                }
                parts.add(capture);
                i = end;
            } else {
                literal.append(pattern.charAt(i++));
            }
        }
        if (!literal.isEmpty()) parts.add(new Literal(literal.toString()));
        return parts;
    }

    /** Index after a capture {@code <name>} at {@code i}, or -1. */
    private static int captureEnd(String s, int i) {
        if (s.charAt(i) != '<' || i + 1 >= s.length() || !isNameStart(s.charAt(i + 1))) return -1;
        int j = i + 2;
        while (j < s.length() && (isNameStart(s.charAt(j)) || (s.charAt(j) >= '0' && s.charAt(j) <= '9'))) j++;
        return j < s.length() && s.charAt(j) == '>' ? j + 1 : -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LabelMatcher;

import java.util.List;

/**
 * Prints an {@link Expr} as canonical LogQL, the way Loki formats queries: {@code {app="web", env="prod"} |= "x"
 * or "y" != ip("10.0.0.0/8")}. Strings are quoted like Go's {@code strconv.Quote}, so
 * {@code Parser.parseExpr(Printer.print(e))} equals {@code e}.
 */
public final class Printer {
    private Printer() {
    }

    public static String print(Expr expr) {
        StringBuilder sb = new StringBuilder();
        switch (expr) {
            case LogSelectorExpr log -> {
                selector(sb, log.matchers());
                for (LineFilterExpr filter : log.filters()) {
                    sb.append(' ');
                    lineFilter(sb, filter);
                }
            }
        }
        return sb.toString();
    }

    private static void selector(StringBuilder sb, List<LabelMatcher> matchers) {
        sb.append('{');
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            if (i > 0) sb.append(", ");
            sb.append(m.name()).append(m.type().symbol);
            quote(sb, m.value());
        }
        sb.append('}');
    }

    private static void lineFilter(StringBuilder sb, LineFilterExpr filter) {
        sb.append(filter.op().symbol()).append(' ');
        List<FilterArg> alternatives = filter.alternatives();
        for (int i = 0; i < alternatives.size(); i++) {
            if (i > 0) sb.append(" or ");
            switch (alternatives.get(i)) {
                case FilterArg.Text text -> quote(sb, text.value());
                case FilterArg.Ip ip -> {
                    sb.append("ip(");
                    quote(sb, ip.pattern());
                    sb.append(')');
                }
            }
        }
    }

    /** {@code s} double-quoted with Go's escapes ({@code strconv.Quote}). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(sb, s);
        return sb.toString();
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (isPrintable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp <= 0xFFFF && Character.isSurrogate((char) cp)) {
                        sb.append("\\ufffd"); // a lone surrogate is not valid text; Go writes invalid UTF-8 as U+FFFD
                    } else if (cp <= 0xFFFF) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}

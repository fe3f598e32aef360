package dev.sigyn.logql.syntax;

/**
 * The one template check the parser makes: every {@code {{} action of a {@code line_format}/{@code label_format}
 * template is closed, so that {@code | line_format "{{.broken"} is a 400 as in Loki. Everything else about
 * templates is the template engine's business.
 */
final class TemplateCheck {
    private TemplateCheck() {
    }

    /** Throws {@link ParseException} (Go's message) when an action opened by "{{" never reaches "}}". */
    static void check(String name, String template, Position pos) {
        int i = 0;
        while ((i = template.indexOf("{{", i)) >= 0) {
            int end = actionEnd(template, i + 2);
            if (end < 0) throw new ParseException("template: " + name + ":" + lineOf(template, i) + ": unclosed action", pos);
            i = end;
        }
    }

    /** The index after the "}}" closing an action whose text starts at {@code i}, or -1. */
    private static int actionEnd(String s, int i) {
        int n = s.length();
        int start = i;
        if (start < n && s.charAt(start) == '-') start++;
        while (start < n && Character.isWhitespace(s.charAt(start))) start++;
        if (s.startsWith("/*", start)) {
            int close = s.indexOf("*/", start + 2);
            if (close < 0) return -1;
            int end = s.indexOf("}}", close + 2);
            return end < 0 ? -1 : end + 2;
        }
        while (i < n) {
            char c = s.charAt(i);
            if (c == '}' && i + 1 < n && s.charAt(i + 1) == '}') return i + 2;
            if (c == '"' || c == '\'') {
                i++;
                while (i < n && s.charAt(i) != c) {
                    if (s.charAt(i) == '\\') i++;
                    if (i < n && s.charAt(i) == '\n') return -1;
                    i++;
                }
                if (i >= n) return -1;
            } else if (c == '`') {
                int close = s.indexOf('`', i + 1);
                if (close < 0) return -1;
                i = close;
            }
            i++;
        }
        return -1;
    }

    private static int lineOf(String s, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) if (s.charAt(i) == '\n') line++;
        return line;
    }
}

package dev.sigyn.format;

import java.util.Locale;

/** How Sigyn's own logfmt lines (the operational log, the audit log) write a value. */
public final class LogfmtValues {
    private LogfmtValues() {}

    /** The value as logfmt writes it: bare when it can be, else in double quotes with JSON's escapes. */
    public static void append(StringBuilder out, String value) {
        if (!value.isEmpty() && value.chars().noneMatch(LogfmtValues::needsQuotes)) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    private static boolean needsQuotes(int c) {
        return c <= ' ' || c == '=' || c == '"' || c == 0x7f || c == '\uFFFD';
    }
}

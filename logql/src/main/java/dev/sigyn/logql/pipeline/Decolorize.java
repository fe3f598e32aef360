package dev.sigyn.logql.pipeline;

import com.google.re2j.Pattern;

/** {@code | decolorize}: removes ANSI escape sequences (colours, cursor moves) from the line. */
final class Decolorize implements Stage {
    // The usual "strip ANSI" expression (CSI and OSC sequences), as used by Loki.
    private static final Pattern ANSI = Pattern.compile(
            "[\u001B\u009B][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\u0007)"
                    + "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        if (!containsEscape(line)) return true;
        line.set(ANSI.matcher(line.toString()).replaceAll(""));
        return true;
    }

    /** ESC, or the UTF-8 form of U+009B (C2 9B). */
    private static boolean containsEscape(LineBuffer line) {
        byte[] b = line.bytes();
        for (int i = 0; i < line.length(); i++) {
            if (b[i] == 0x1B || (b[i] == (byte) 0xC2 && i + 1 < line.length() && b[i + 1] == (byte) 0x9B)) return true;
        }
        return false;
    }
}

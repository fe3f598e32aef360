package dev.sigyn.logql.pipeline;

import java.nio.charset.StandardCharsets;

/** Go string-literal helpers for logfmt: unquoting a JSON-style quoted value. */
final class GoQuoted {
    private GoQuoted() {
    }

    /** Unescapes the inside of a quoted logfmt value (JSON escapes, as go-logfmt); null when invalid. */
    static String unquote(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] < 0x20 && buf[i] >= 0) return null; // control characters must be escaped
        }
        return JsonScanner.unescape(buf, from, to);
    }

    static String utf8(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
}

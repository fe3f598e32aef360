package dev.sigyn.distributor.redaction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.sigyn.store.bytes.ByteSink;

import java.nio.charset.StandardCharsets;

/**
 * One rule ready to run: its expression, the bit of the detector whose hint it waits for (0: a custom pattern, run on
 * every value), which part of a match it replaces, and with what.
 *
 * @param wholeMatch true when the whole match is replaced (a custom rule's template), false when the value is the
 *                   first capture group that took part, else the whole match
 * @param labels     whether the rule also applies to stream label values
 */
record CompiledRule(String name, int bit, Pattern pattern, Detector.ValueCheck check, boolean wholeMatch,
                    Replacement replacement, boolean labels) {
    private static final byte[] REDACTED = "[REDACTED:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASHED = "[HASH:".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@code value} with every value this rule finds replaced, counted in {@code pass} under {@code index}; the
     * same array when it found none.
     */
    byte[] apply(byte[] value, RedactionPass pass, int index) {
        Matcher m = pattern.matcher(value);
        ByteSink out = null;
        int copied = 0;
        int count = 0;
        while (m.find()) {
            int from = m.start();
            int to = m.end();
            if (!wholeMatch) {
                for (int g = 1, groups = m.groupCount(); g <= groups; g++) {
                    if (m.start(g) >= 0) {
                        from = m.start(g);
                        to = m.end(g);
                        break;
                    }
                }
            }
            // An empty value has nothing to hide, and a value an earlier rule wrote is not a secret.
            if (from == to || from < copied || startsWith(value, from, to, REDACTED)
                    || startsWith(value, from, to, HASHED) || !check.accepts(value, from, to)) {
                continue;
            }
            if (out == null) out = new ByteSink(value.length + 32);
            out.writeBytes(value, copied, from - copied);
            replacement.write(out, value, from, to, m, pass.hashing());
            copied = to;
            count++;
        }
        if (out == null) return value;
        out.writeBytes(value, copied, value.length - copied);
        pass.count(index, count);
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] value, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) return false;
        for (int k = 0; k < prefix.length; k++) if (value[from + k] != prefix[k]) return false;
        return true;
    }
}

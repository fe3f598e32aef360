package dev.sigyn.logql;

/** Loki measures lines, labels and queries in UTF-8 bytes; Java strings count UTF-16 chars. */
public final class Utf8 {
    private Utf8() {}

    /** Bytes of the text in UTF-8, without encoding it (an unpaired surrogate counts as the 3 bytes of U+FFFD). */
    public static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) continue;
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // two chars, four bytes
                i++;
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }
}

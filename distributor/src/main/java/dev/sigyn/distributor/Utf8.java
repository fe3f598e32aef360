package dev.sigyn.distributor;

/** Loki measures lines and labels in UTF-8 bytes; Java strings count UTF-16 chars. */
final class Utf8 {
    private Utf8() {}

    static int length(String s) {
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

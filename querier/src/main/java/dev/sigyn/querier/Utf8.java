package dev.sigyn.querier;

/** UTF-8 sizes of Java strings, for the byte counts of query statistics. */
final class Utf8 {
    private Utf8() {}

    /** Bytes of the text in UTF-8, without encoding it. */
    static long length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}

package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;

/**
 * Passes lines that contain an IP address matched by an {@link IpMatcher}, finding addresses as Loki's
 * {@code ip()} line filter does: at each position, a digit with a '.' among the next three bytes starts an IPv4
 * candidate (the longest run of digits and dots), a hex/colon shape such as {@code ::1}, {@code fe80:} or
 * {@code 2001:} starts an IPv6 candidate (the longest run of hex digits, ':' and '.'); a candidate counts only if
 * the whole run parses as an address, and scanning resumes after it.
 */
final class IpFilter implements LineFilter {
    private static final boolean[] IPV4_CHARS = charset("0123456789.");
    private static final boolean[] IPV6_CHARS = charset("0123456789abcdefABCDEF:.");

    private final String pattern;
    private final IpMatcher matcher;

    IpFilter(String pattern) {
        this.pattern = pattern;
        this.matcher = IpMatcher.parse(pattern);
    }

    @Override
    public boolean test(byte[] b, int off, int len) {
        int end = off + len;
        IpAddresses.Parsed address = null;
        for (int i = off; i < end; i++) {
            boolean[] charset;
            if (i + 3 < end && ipv4Hint(b, i)) {
                charset = IPV4_CHARS;
            } else if (ipv6Hint(b, i, end)) {
                charset = IPV6_CHARS;
            } else {
                continue;
            }
            int spanEnd = i;
            while (spanEnd < end && charset[b[spanEnd] & 0xFF]) spanEnd++;
            if (address == null) address = new IpAddresses.Parsed();
            if (IpAddresses.parse(b, i, spanEnd, address) && matcher.matches(address.v4, address.hi, address.lo)) {
                return true;
            }
            // Loki skips the candidate and the byte after it.
            i = spanEnd;
        }
        return false;
    }

    private static boolean ipv4Hint(byte[] b, int i) {
        return isDigit(b[i]) && (b[i + 1] == '.' || b[i + 2] == '.' || b[i + 3] == '.');
    }

    private static boolean ipv6Hint(byte[] b, int i, int end) {
        byte b0 = at(b, i, end), b1 = at(b, i + 1, end), b2 = at(b, i + 2, end), b3 = at(b, i + 3, end), b4 = at(b, i + 4, end);
        return (b0 == ':' && b1 == ':' && isHex(b2))
                || (isHex(b0) && b1 == ':')
                || (isHex(b0) && isHex(b1) && b2 == ':')
                || (isHex(b0) && isHex(b1) && isHex(b2) && b3 == ':')
                || (isHex(b0) && isHex(b1) && isHex(b2) && isHex(b3) && b4 == ':');
    }

    private static byte at(byte[] b, int i, int end) {
        return i < end ? b[i] : 0;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean[] charset(String chars) {
        boolean[] set = new boolean[256];
        for (char c : chars.toCharArray()) set[c] = true;
        return set;
    }

    @Override
    public String toString() {
        return "ip(" + pattern + ")";
    }
}

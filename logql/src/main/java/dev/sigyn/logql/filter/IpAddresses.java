package dev.sigyn.logql.filter;

/**
 * Parses IP addresses from ASCII bytes exactly as Go's {@code net/netip.ParseAddr} does (which Loki uses): IPv4
 * in four decimal fields without leading zeros, IPv6 with at most one {@code ::} and an optional trailing IPv4 part.
 * An address is held as 128 bits (IPv4 in the low 32 bits) plus its family; the two families never compare equal.
 */
final class IpAddresses {
    private IpAddresses() {
    }

    /** Result holder for {@link #parse}: family and the 128 bits. */
    static final class Parsed {
        boolean v4;
        long hi;
        long lo;
    }

    /** Parses {@code s[from, to)} into {@code out}; false when it is not an address. */
    static boolean parse(byte[] s, int from, int to, Parsed out) {
        for (int i = from; i < to; i++) {
            if (s[i] == '.') {
                long v4 = parseV4(s, from, to);
                if (v4 < 0) return false;
                out.v4 = true;
                out.hi = 0;
                out.lo = v4;
                return true;
            }
            if (s[i] == ':') {
                out.v4 = false;
                return parseV6(s, from, to, out);
            }
        }
        return false;
    }

    /** An IPv4 address as an unsigned 32-bit value, or -1. */
    static long parseV4(byte[] s, int from, int to) {
        long result = 0;
        int fields = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) return -1; // leading zero
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) return -1;
            } else if (c == '.') {
                if (i == from || i == to - 1 || s[i - 1] == '.') return -1;
                if (fields == 3) return -1;
                result = (result << 8) | value;
                fields++;
                value = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        if (fields < 3) return -1;
        return (result << 8) | value;
    }

    private static boolean parseV6(byte[] s, int from, int to, Parsed out) {
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int p = from;
        if (to - p >= 2 && s[p] == ':' && s[p + 1] == ':') {
            ellipsis = 0;
            p += 2;
            if (p == to) {
                out.hi = 0;
                out.lo = 0;
                return true;
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            while (p + off < to) {
                int d = Character.digit(s[p + off], 16);
                if (d < 0 || s[p + off] < 0) break;
                acc = (acc << 4) + d;
                if (off > 3) return false; // more than 4 hex digits
                off++;
            }
            if (off == 0) return false;
            if (p + off < to && s[p + off] == '.') {
                // trailing IPv4 part, which must fill the last 32 bits
                if ((ellipsis < 0 && i != 12) || i + 4 > 16) return false;
                long v4 = parseV4(s, p, to);
                if (v4 < 0) return false;
                ip[i] = (byte) (v4 >>> 24);
                ip[i + 1] = (byte) (v4 >>> 16);
                ip[i + 2] = (byte) (v4 >>> 8);
                ip[i + 3] = (byte) v4;
                p = to;
                i += 4;
                break;
            }
            ip[i] = (byte) (acc >>> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            p += off;
            if (p == to) break;
            if (s[p] != ':' || p + 1 == to) return false;
            p++;
            if (s[p] == ':') {
                if (ellipsis >= 0) return false; // a second ::
                ellipsis = i;
                p++;
                if (p == to) break;
            }
        }
        if (p != to) return false;
        if (i < 16) {
            if (ellipsis < 0) return false;
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
            for (int j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
        } else if (ellipsis >= 0) {
            return false; // :: must stand for at least one group
        }
        out.hi = bigEndianLong(ip, 0);
        out.lo = bigEndianLong(ip, 8);
        return true;
    }

    private static long bigEndianLong(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) v = (v << 8) | (b[i] & 0xFF);
        return v;
    }
}

package dev.sigyn.logql.filter;

import dev.sigyn.format.Quoting;

import java.nio.charset.StandardCharsets;

/**
 * The argument of {@code ip("...")}: one address ({@code 192.168.0.1}), a CIDR prefix ({@code 10.0.0.0/8}) or an
 * inclusive range ({@code 192.168.0.1-192.168.0.10}), IPv4 or IPv6; parsed as Go's netip / netipx do.
 * Addresses of the other family never match.
 */
sealed interface IpMatcher {

    boolean matches(boolean v4, long hi, long lo);

    record Single(boolean v4, long hi, long lo) implements IpMatcher {
        @Override
        public boolean matches(boolean v4, long hi, long lo) {
            return v4 == this.v4 && hi == this.hi && lo == this.lo;
        }
    }

    /** A prefix, stored with its host bits cleared. */
    record Prefix(boolean v4, long hi, long lo, long hiMask, long loMask) implements IpMatcher {
        @Override
        public boolean matches(boolean v4, long hi, long lo) {
            return v4 == this.v4 && (hi & hiMask) == this.hi && (lo & loMask) == this.lo;
        }
    }

    record Range(boolean v4, long fromHi, long fromLo, long toHi, long toLo) implements IpMatcher {
        @Override
        public boolean matches(boolean v4, long hi, long lo) {
            return v4 == this.v4 && compare(fromHi, fromLo, hi, lo) <= 0 && compare(hi, lo, toHi, toLo) <= 0;
        }
    }

    /** Parses the argument of {@code ip(...)}; throws {@link InvalidFilterException} with Loki's message. */
    static IpMatcher parse(String pattern) {
        byte[] s = pattern.getBytes(StandardCharsets.UTF_8);
        IpAddresses.Parsed a = new IpAddresses.Parsed();
        if (IpAddresses.parse(s, 0, s.length, a)) return new Single(a.v4, a.hi, a.lo);

        int slash = pattern.lastIndexOf('/');
        if (slash >= 0 && IpAddresses.parse(s, 0, slash, a)) {
            int bits = prefixBits(pattern.substring(slash + 1), a.v4 ? 32 : 128);
            if (bits >= 0) {
                long hiMask;
                long loMask;
                if (a.v4) {
                    hiMask = 0;
                    loMask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
                } else {
                    hiMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
                    loMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
                }
                return new Prefix(a.v4, a.hi & hiMask, a.lo & loMask, hiMask, loMask);
            }
        }

        int dash = pattern.indexOf('-');
        if (dash >= 0 && IpAddresses.parse(s, 0, dash, a)) {
            IpAddresses.Parsed b = new IpAddresses.Parsed();
            if (IpAddresses.parse(s, dash + 1, s.length, b) && a.v4 == b.v4 && compare(a.hi, a.lo, b.hi, b.lo) <= 0) {
                return new Range(a.v4, a.hi, a.lo, b.hi, b.lo);
            }
        }
        StringBuilder message = new StringBuilder("ip: invalid pattern: ");
        Quoting.quote(message, pattern);
        throw new InvalidFilterException(message.toString());
    }

    /** Prefix length as netip accepts it (digits only, no leading zero, at most {@code max}), or -1. */
    private static int prefixBits(String bits, int max) {
        if (bits.isEmpty() || bits.length() > 3) return -1;
        if (bits.length() > 1 && bits.charAt(0) == '0') return -1;
        int v = 0;
        for (int i = 0; i < bits.length(); i++) {
            char c = bits.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : -1;
    }

    private static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compareUnsigned(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }
}

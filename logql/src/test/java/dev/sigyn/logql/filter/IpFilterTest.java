package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IpFilterTest {

    private static boolean matches(String pattern, String line) {
        LineFilter f = LineFilters.ip(pattern);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        boolean whole = f.test(bytes);
        byte[] padded = ("[" + line + "]").getBytes(StandardCharsets.UTF_8);
        assertEquals(whole, f.test(padded, 1, bytes.length), "same answer on a slice");
        return whole;
    }

    @ParameterizedTest(name = "ip({0}) on ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            // CIDR prefixes
            "10.0.0.0/16|Accepted publickey for bob from 10.0.109.223 port 8248 ssh2|true",
            "10.0.0.0/16|Accepted publickey for bob from 10.1.109.223 port 8248 ssh2|false",
            "10.0.0.0/8|10.3.55.214 - - [01/Nov/2026:01:59:52 +0000] \"GET / HTTP/1.1\" 200|true",
            "10.0.0.0/8|192.168.2.21 - - [01/Nov/2026:00:00:04 +0000] \"GET /api/orders HTTP/1.1\" 500|false",
            "10.0.0.1/8|client 10.200.1.1 connected|true",
            "0.0.0.0/0|any 1.2.3.4|true",
            "192.168.1.7/32|x 192.168.1.7 y|true",
            "192.168.1.7/32|x 192.168.1.8 y|false",
            // ranges, inclusive
            "192.168.0.1-192.168.0.10|from 192.168.0.1 port 1|true",
            "192.168.0.1-192.168.0.10|from 192.168.0.10 port 1|true",
            "192.168.0.1-192.168.0.10|from 192.168.0.5:8080|true",
            "192.168.0.1-192.168.0.10|from 192.168.0.11 port 1|false",
            "192.168.0.1-192.168.0.10|from 192.168.0.0 port 1|false",
            // single addresses
            "192.168.0.1|host=192.168.0.1|true",
            "192.168.0.1|host=192.168.0.10|false",
            "192.168.0.1|host=192.168.0.1.5|false",          // the whole run of digits and dots must be an address
            "192.168.0.1|sentence ends with 192.168.0.1.|false",
            "192.168.0.1|leading zero 192.168.000.1|false",
            "192.168.0.1|first 300.1.1.1 then 192.168.0.1|true",
            "1.2.3.4|1.2.3.4|true",
            "1.2.3.4|x1.2.3.4|true",
            // IPv6
            "::1|connect to ::1 port 80|true",
            "::1|connect to ::2 port 80|false",
            "2001:db8::/32|from 2001:db8:85a3::8a2e:370:7334 ok|true",
            "2001:db8::/32|from 2001:db9:85a3::8a2e:370:7334 ok|false",
            "2001:db8::1-2001:db8::ff|peer fe80::1 and 2001:db8::a0|true",
            "2001:db8::1-2001:db8::ff|peer 2001:db8::100|false",
            "2001:DB8::1|peer 2001:db8:0:0:0:0:0:1 here|true",
            "::ffff:1.2.3.4|mapped ::ffff:1.2.3.4 here|true",
            "1.2.3.4|mapped ::ffff:1.2.3.4 here|false",       // an IPv4-mapped IPv6 address is not the IPv4 address
            "::ffff:0:0/96|plain 1.2.3.4 here|false",
            "2001:db8::/32|too many groups 2001:db8:1:2:3:4:5:6:7|false",
    })
    void lokiIpSemantics(String pattern, String line, boolean expected) {
        assertEquals(expected, matches(pattern, line));
    }

    @Test
    void emptyLineNeverMatches() {
        assertEquals(false, matches("0.0.0.0/0", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip", "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "10.0.0.0/33", "10.0.0.0/08",
            "10.0.0.0/", "::1/129", "1.2.3.10-1.2.3.1", "1.2.3.4-::1", "1.2.3.4 - 1.2.3.5", "::1::2", "1:2:3:4:5:6:7:8:9",
            "12345::1", "fe80::1%eth0"})
    void invalidPatterns(String pattern) {
        InvalidFilterException e = assertThrows(InvalidFilterException.class, () -> LineFilters.ip(pattern));
        assertEquals("ip: invalid pattern: \"" + pattern + "\"", e.getMessage());
    }

    @Test
    void parsesAddressesLikeGoNetip() {
        IpAddresses.Parsed out = new IpAddresses.Parsed();
        byte[] full = "2001:0db8:0000:0000:0000:ff00:0042:8329".getBytes(StandardCharsets.US_ASCII);
        assertEquals(true, IpAddresses.parse(full, 0, full.length, out));
        assertEquals(0x20010db800000000L, out.hi);
        assertEquals(0x0000ff0000428329L, out.lo);
        byte[] v4 = "255.255.255.255".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xFFFFFFFFL, IpAddresses.parseV4(v4, 0, v4.length));
        byte[] embedded = "1:2:3:4:5:6:1.2.3.4".getBytes(StandardCharsets.US_ASCII);
        assertEquals(true, IpAddresses.parse(embedded, 0, embedded.length, out));
        assertEquals(0x0005_0006_0102_0304L, out.lo);
        byte[] misplaced = "1:2:3:1.2.3.4".getBytes(StandardCharsets.US_ASCII);
        assertEquals(false, IpAddresses.parse(misplaced, 0, misplaced.length, out));
    }
}

package dev.sigyn.logql.filter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubstringFinderTest {

    private static int find(String needle, String hay, boolean ignoreCase) {
        byte[] h = hay.getBytes(StandardCharsets.UTF_8);
        return new SubstringFinder(needle.getBytes(StandardCharsets.UTF_8), ignoreCase).indexOf(h, 0, h.length);
    }

    @Test
    void findsFirstOccurrenceAtAnyAlignment() {
        assertEquals(0, find("abc", "abcabc", false));
        assertEquals(3, find("abc", "xyzabc", false));
        assertEquals(17, find("needle", "0123456789abcdefgneedle needle", false));
        assertEquals(-1, find("needle", "0123456789abcdefgneedl", false));
        assertEquals(-1, find("abcd", "abc", false));
        assertEquals(9, find("x", "aaaaaaaaax", false));
    }

    @Test
    void searchesOnlyInsideTheSlice() {
        byte[] buf = "needle|haystack with needle|needle".getBytes(StandardCharsets.UTF_8);
        SubstringFinder f = new SubstringFinder("needle".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(21, f.indexOf(buf, 1, 27));
        assertEquals(-1, f.indexOf(buf, 1, 26), "an occurrence cut by the slice end does not count");
        assertEquals(-1, f.indexOf(buf, 7, 20));
    }

    @Test
    void ignoringAsciiCase() {
        assertEquals(6, find("failed", "login FAILED for x", true));
        assertEquals(6, find("FaIlEd", "login failed for x", true));
        assertEquals(-1, find("a@", "A`", true), "only letters fold");
        assertEquals(2, find("[x]", "a [X] b", true));
    }

    @Test
    void agreesWithNaiveSearchOnRandomInput() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] hay = new byte[random.nextInt(70)];
            for (int i = 0; i < hay.length; i++) hay[i] = (byte) "abAB\u00e9".charAt(random.nextInt(5));
            byte[] needle = new byte[1 + random.nextInt(5)];
            for (int i = 0; i < needle.length; i++) needle[i] = (byte) "abAB\u00e9".charAt(random.nextInt(5));
            int from = hay.length == 0 ? 0 : random.nextInt(hay.length);
            int to = from + random.nextInt(hay.length - from + 1);
            boolean ignoreCase = random.nextBoolean();
            assertEquals(naive(hay, from, to, needle, ignoreCase),
                    new SubstringFinder(needle, ignoreCase).indexOf(hay, from, to));
        }
    }

    private static int naive(byte[] hay, int from, int to, byte[] needle, boolean ignoreCase) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                byte a = hay[i + j], b = needle[j];
                if (ignoreCase ? SubstringFinder.lower(a) != SubstringFinder.lower(b) : a != b) continue outer;
            }
            return i;
        }
        return -1;
    }

    @Test
    void detectsNonAsciiBytes() {
        byte[] b = "plain ascii text, and then: \u212a".getBytes(StandardCharsets.UTF_8);
        assertEquals(true, SubstringFinder.hasNonAscii(b, 0, b.length));
        assertEquals(false, SubstringFinder.hasNonAscii(b, 0, b.length - 3));
    }
}

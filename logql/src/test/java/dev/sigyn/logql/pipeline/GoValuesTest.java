package dev.sigyn.logql.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoValuesTest {
    @Test
    void parseFloatAcceptsWhatGoAccepts() {
        assertEquals(1.5, GoValues.parseFloat("1.5"));
        assertEquals(-0.25, GoValues.parseFloat("-.25"));
        assertEquals(100, GoValues.parseFloat("1e2"));
        assertEquals(3, GoValues.parseFloat("0x1.8p1"));
        assertEquals(Double.POSITIVE_INFINITY, GoValues.parseFloat("+Inf"));
        assertTrue(Double.isNaN(GoValues.parseFloat("NaN")));
    }

    @Test
    void parseFloatRejectsWhatJavaWouldAccept() {
        for (String s : new String[]{"1d", "1f", " 1", "1 ", "", "1_000", "0x10", "1e", "--1"}) {
            var e = assertThrows(NumberFormatException.class, () -> GoValues.parseFloat(s), s);
            assertEquals("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax", e.getMessage());
        }
        assertEquals("strconv.ParseFloat: parsing \"1e400\": value out of range",
                assertThrows(NumberFormatException.class, () -> GoValues.parseFloat("1e400")).getMessage());
    }

    @Test
    void parseDurationFollowsGo() {
        assertEquals(5_400_000_000_000L, GoValues.parseDuration("1h30m"));
        assertEquals(1_500_000L, GoValues.parseDuration("1.5ms"));
        assertEquals(-2_000L, GoValues.parseDuration("-2µs"));
        assertEquals(0, GoValues.parseDuration("0"));
        assertEquals("time: invalid duration \"abc\"",
                assertThrows(NumberFormatException.class, () -> GoValues.parseDuration("abc")).getMessage());
        assertEquals("time: unknown unit \"d\" in duration \"1d\"",
                assertThrows(NumberFormatException.class, () -> GoValues.parseDuration("1d")).getMessage());
    }

    @Test
    void parseBytesFollowsHumanize() {
        assertEquals(42, GoValues.parseBytes("42"));
        assertEquals(1_500_000, GoValues.parseBytes("1.5 MB"));
        assertEquals(1024, GoValues.parseBytes("1KiB"));
        assertEquals(1_024_000, GoValues.parseBytes("1,024 kb"));
        assertEquals("strconv.ParseFloat: parsing \"\": invalid syntax",
                assertThrows(NumberFormatException.class, () -> GoValues.parseBytes("-1")).getMessage());
    }
}

package dev.sigyn.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus of Go's {@code strconv.ParseFloat}; the expected values and messages are Go's. */
class GoFloatsTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            1.5       | 1.5
            -.25      | -0.25
            +1        | 1
            1.        | 1
            1e2       | 100
            1E-2      | 0.01
            0x1.8p1   | 3
            +Inf      | Infinity
            -infinity | -Infinity
            """)
    void acceptsWhatGoAccepts(String text, double value) {
        assertEquals(value, GoFloats.parse(text));
        assertTrue(GoFloats.isFloat(text));
    }

    @Test
    void readsNaN() {
        assertTrue(Double.isNaN(GoFloats.parse("NaN")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"1d", "1f", " 1", "1 ", "", "1_000", "0x10", "1e", "--1", "+nan", "0x1p", "."})
    void refusesWhatJavaWouldAcceptWithGosMessage(String text) {
        assertEquals("strconv.ParseFloat: parsing " + Quoting.quote(text) + ": invalid syntax",
                assertThrows(FormatException.class, () -> GoFloats.parse(text)).getMessage());
        assertFalse(GoFloats.isFloat(text));
    }

    @Test
    void saysWhenAValueIsOutOfRange() {
        assertEquals("strconv.ParseFloat: parsing \"1e400\": value out of range",
                assertThrows(FormatException.class, () -> GoFloats.parse("1e400")).getMessage());
    }

    /** The quick path for plain decimals must give the same doubles as full parsing. */
    @Test
    void plainDecimalsParseExactly() {
        Random random = new Random(11);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder sb = new StringBuilder();
            int sign = random.nextInt(4);
            if (sign == 0) sb.append('-');
            else if (sign == 1) sb.append('+');
            int intDigits = random.nextInt(10);
            int fracDigits = random.nextInt(12);
            for (int i = 0; i < intDigits; i++) sb.append((char) ('0' + random.nextInt(10)));
            if (fracDigits > 0 || random.nextBoolean()) sb.append('.');
            for (int i = 0; i < fracDigits; i++) sb.append((char) ('0' + random.nextInt(10)));
            String s = sb.toString();
            if (intDigits + fracDigits == 0) continue;
            double expected = Double.parseDouble(s);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(GoFloats.parse(s)), s);
        }
    }
}

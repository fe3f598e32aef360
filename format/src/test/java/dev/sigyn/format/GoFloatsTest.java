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

    @ParameterizedTest(name = "[{index}] FormatFloat({0}, {1}, {2})")
    @CsvSource(delimiter = '|', textBlock = """
            1e6         | g | -1 | 1e+06
            100000      | g | -1 | 100000
            100         | g | -1 | 100
            0.0001      | g | -1 | 0.0001
            0.00001     | g | -1 | 1e-05
            123456789   | g | 3  | 1.23e+08
            123456      | g | 6  | 123456
            1234567     | g | 6  | 1.23457e+06
            1234567     | G | 6  | 1.23457E+06
            1.5         | e | -1 | 1.5e+00
            1           | e | 3  | 1.000e+00
            1234.5678   | e | 2  | 1.23e+03
            1234.5678   | E | 2  | 1.23E+03
            1234.5678   | f | 2  | 1234.57
            0.125       | f | 2  | 0.12
            0.375       | f | 2  | 0.38
            2.5         | f | 0  | 2
            3.5         | f | 0  | 4
            0.1         | f | 20 | 0.10000000000000000555
            1e21        | f | -1 | 1000000000000000000000
            -1.5        | f | -1 | -1.5
            -0.0        | f | -1 | -0
            -0.0        | g | -1 | -0
            NaN         | f | -1 | NaN
            Infinity    | g | -1 | +Inf
            -Infinity   | e | 2  | -Inf
            """)
    void printsLikeGoFormatFloat(double v, char fmt, int prec, String go) {
        String printed = switch (fmt) {
            case 'e', 'E' -> GoFloats.formatE(v, prec, fmt);
            case 'f' -> GoFloats.formatF(v, prec);
            default -> GoFloats.formatG(v, prec, fmt == 'G' ? 'E' : 'e');
        };
        assertEquals(go, printed);
    }

    @Test
    void theShortestFormMatchesTheExactPathForEveryKindOfValue() {
        java.util.Random random = new java.util.Random(7);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(1e30, 1e6, 999999.0, 1e-4, 1e-5,
                0.1, 123456.7, 1234567.0, 5e-324, Double.MAX_VALUE, Double.MIN_NORMAL, 100.0, 2.5, 1.0, 0.000123));
        for (int i = 0; i < 20_000; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(random.nextInt(2_000_000) / Math.pow(10, random.nextInt(12)));
            values.add((double) random.nextLong() / (1L << random.nextInt(60)));
        }
        for (double v : values) {
            for (double signed : new double[] {v, -v}) {
                if (!Double.isFinite(signed) || signed == 0) continue;
                assertEquals(GoFloats.formatGExact(signed, -1, 'e'), GoFloats.formatG(signed, -1, 'e'), "of " + signed);
                assertEquals(GoFloats.formatGExact(signed, -1, 'E'), GoFloats.formatG(signed, -1, 'E'), "of " + signed);
            }
        }
        assertEquals("1e+30", GoFloats.formatG(1e30, -1, 'e'));
        assertEquals("123456.7", GoFloats.formatG(123456.7, -1, 'e'));
        assertEquals("1.234567e+06", GoFloats.formatG(1234567.0, -1, 'e'));
        assertEquals("0.0001", GoFloats.formatG(1e-4, -1, 'e'));
        assertEquals("1e-05", GoFloats.formatG(1e-5, -1, 'e'));
    }
}

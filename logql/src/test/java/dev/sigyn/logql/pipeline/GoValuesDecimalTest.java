package dev.sigyn.logql.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** parseFloat's quick path for plain decimals must give the same doubles as full parsing. */
class GoValuesDecimalTest {
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
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(GoValues.parseFloat(s)), s);
        }
    }
}

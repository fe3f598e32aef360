package dev.sigyn.logql.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SampleFormatTest {
    @Test
    void valuesUseShortestRoundTripWithoutExponent() {
        assertEquals("0.30000000000000004", SampleFormat.format(0.1 + 0.2));
        assertEquals("1000000000000000000000", SampleFormat.format(1e21));
        assertEquals("0.0000001", SampleFormat.format(1e-7));
        assertEquals("75", SampleFormat.format(75));
        assertEquals("0.25", SampleFormat.format(0.25));
        assertEquals("-3.5", SampleFormat.format(-3.5));
        assertEquals("123456789012345680000", SampleFormat.format(123456789012345678901.0));
        assertEquals("0.016666666666666666", SampleFormat.format(1 / 60.0));
    }

    @Test
    void specialValues() {
        assertEquals("NaN", SampleFormat.format(Double.NaN));
        assertEquals("+Inf", SampleFormat.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", SampleFormat.format(Double.NEGATIVE_INFINITY));
        assertEquals("-0", SampleFormat.format(-0.0));
        assertEquals("0", SampleFormat.format(0.0));
    }

    @Test
    void timestampsAreSecondsWithMillisecondFraction() {
        assertEquals("1793491500", SampleFormat.timestampSeconds(1793491500_000_000_000L));
        assertEquals("1793491500.5", SampleFormat.timestampSeconds(1793491500_500_000_000L));
        assertEquals("1793491500.037", SampleFormat.timestampSeconds(1793491500_037_999_999L));
        assertEquals("1793494500000", SampleFormat.timestampMillis(1793494500_000_000_000L));
    }
}

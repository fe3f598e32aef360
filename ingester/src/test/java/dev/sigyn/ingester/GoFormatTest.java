package dev.sigyn.ingester;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoFormatTest {
    @Test
    void timeStringTrimsTrailingZerosOfTheFraction() {
        assertEquals("1970-01-01 00:00:01 +0000 UTC", GoFormat.timeString(1_000_000_000L));
        assertEquals("2022-10-10 13:25:44.1 +0000 UTC", GoFormat.timeString(1665408344_100_000_000L));
        assertEquals("2025-08-01 16:43:38.854444845 +0000 UTC", GoFormat.timeString(1754066618_854_444_845L));
    }

    @Test
    void rfc3339DropsTheFraction() {
        assertEquals("2025-08-01T16:43:38Z", GoFormat.rfc3339(1754066618_854_444_845L));
        assertEquals("1969-12-31T23:59:59Z", GoFormat.rfc3339(-1));
    }

    @Test
    void byteSizeUsesTheLargestExactBinaryUnit() {
        assertEquals("0B", GoFormat.byteSize(0));
        assertEquals("3MB", GoFormat.byteSize(3L << 20));
        assertEquals("15MB", GoFormat.byteSize(15L << 20));
        assertEquals("1500KB", GoFormat.byteSize(1500L << 10));
        assertEquals("3000000B", GoFormat.byteSize(3_000_000));
        assertEquals("1GB", GoFormat.byteSize(1L << 30));
    }
}

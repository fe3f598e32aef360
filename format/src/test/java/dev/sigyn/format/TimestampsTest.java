package dev.sigyn.format;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The corpus of Go's time layouts in UTC; the expected texts are what Go's {@code time.Time} prints. */
class TimestampsTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            0                   | 1970-01-01T00:00:00Z          | 1970-01-01T00:00:00Z           | 1970-01-01 00:00:00 +0000 UTC
            1714557600000000000 | 2024-05-01T10:00:00Z          | 2024-05-01T10:00:00Z           | 2024-05-01 10:00:00 +0000 UTC
            1714557600500000000 | 2024-05-01T10:00:00Z          | 2024-05-01T10:00:00.5Z         | 2024-05-01 10:00:00.5 +0000 UTC
            1714557600000000001 | 2024-05-01T10:00:00Z          | 2024-05-01T10:00:00.000000001Z | 2024-05-01 10:00:00.000000001 +0000 UTC
            1714557600999999999 | 2024-05-01T10:00:00Z          | 2024-05-01T10:00:00.999999999Z | 2024-05-01 10:00:00.999999999 +0000 UTC
            1665408344100000000 | 2022-10-10T13:25:44Z          | 2022-10-10T13:25:44.1Z         | 2022-10-10 13:25:44.1 +0000 UTC
            1754066618854444845 | 2025-08-01T16:43:38Z          | 2025-08-01T16:43:38.854444845Z | 2025-08-01 16:43:38.854444845 +0000 UTC
            -1                  | 1969-12-31T23:59:59Z          | 1969-12-31T23:59:59.999999999Z | 1969-12-31 23:59:59.999999999 +0000 UTC
            """)
    void printsGoLayoutsInUtc(String nanos, String rfc3339, String rfc3339Nano, String goString) {
        long t = Long.parseLong(nanos);
        assertEquals(rfc3339, Timestamps.rfc3339(t));
        assertEquals(rfc3339Nano, Timestamps.rfc3339Nano(t));
        assertEquals(goString, Timestamps.goString(t));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            1970-01-01T00:00:00Z                | 0
            2024-05-01T10:00:00Z                | 1714557600000000000
            2024-05-01T10:00:00.5Z              | 1714557600500000000
            2024-05-01T10:00:00,5Z              | 1714557600500000000
            2024-05-01T12:00:00+02:00           | 1714557600000000000
            2024-05-01T05:30:00.000000001-04:30 | 1714557600000000001
            2024-05-01T10:00:00.1234567891Z     | 1714557600123456789
            1969-12-31T23:59:59.999999999Z      | -1
            """)
    void readsRfc3339AsGoTimeParseDoes(String text, long nanos) {
        assertEquals(nanos, Timestamps.parseRfc3339(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "2024-05-01", "2024-05-01T10:00Z", "2024-05-01 10:00:00Z", "2024-05-01T10:00:00",
            "2024-02-30T10:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:00:00.Z",
            "24-05-01T10:00:00Z"})
    void refusesWhatIsNotRfc3339(String text) {
        assertThrows(FormatException.class, () -> Timestamps.parseRfc3339(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"0", "1714557600500000000", "-1", "1754066618854444845"})
    void rfc3339NanoReadsBackExactly(long nanos) {
        assertEquals(nanos, Timestamps.parseRfc3339(Timestamps.rfc3339Nano(nanos)));
    }
}

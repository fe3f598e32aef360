package dev.sigyn.format;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The corpus of go-humanize's and Loki's flagext byte sizes; the expected texts are the Go libraries'. */
class ByteSizesTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            42              | 42
            42B             | 42
            42MB            | 42000000
            42mib           | 44040192
            42 MiB          | 44040192
            42.5MB          | 42500000
            42.5 kb         | 42500
            1,005.03 MB     | 1005030000
            2KiB            | 2048
            2ki             | 2048
            1EiB            | 1152921504606846976
            1.5 GB          | 1500000000
            """)
    void readsLikeHumanizeParseBytes(String text, long bytes) {
        assertEquals(bytes, ByteSizes.parseHumanized(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ''                   | strconv.ParseFloat: parsing "": invalid syntax
            MB                   | strconv.ParseFloat: parsing "": invalid syntax
            1.2.3MB              | strconv.ParseFloat: parsing "1.2.3": invalid syntax
            1 zB                 | unhandled size name: zb
            -1                   | strconv.ParseFloat: parsing "": invalid syntax
            18446744073709551616 | too large: 18446744073709551616
            """)
    void refusesWhatHumanizeRefusesWithItsMessage(String text, String message) {
        assertEquals(message, assertThrows(FormatException.class, () -> ByteSizes.parseHumanized(text)).getMessage());
    }

    @org.junit.jupiter.api.Test
    void readsSizesPastTwoToTheSixtyThreeAsGoUint64() {
        assertEquals("10000000000000000000", Long.toUnsignedString(ByteSizes.parseHumanized("10EB")));
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            0                    | 0 B
            1                    | 1 B
            803                  | 803 B
            999                  | 999 B
            1024                 | 1.0 kB
            2048                 | 2.0 kB
            9                    | 9 B
            9999                 | 10 kB
            15000                | 15 kB
            15360                | 15 kB
            15500                | 16 kB
            16500                | 16 kB
            1048576              | 1.0 MB
            999999               | 1000 kB
            1000000              | 1.0 MB
            1500000              | 1.5 MB
            5500000000           | 5.5 GB
            1000000000000        | 1.0 TB
            1000000000000000     | 1.0 PB
            1000000000000000000  | 1.0 EB
            18446744073709551615 | 18 EB
            """)
    void printsLikeHumanizeBytes(String bytes, String humanized) {
        assertEquals(humanized, ByteSizes.formatHumanized(Long.parseUnsignedLong(bytes)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            1048576     | 1048576
            0           | 0
            100B        | 100
            256K        | 262144
            15MiB       | 15728640
            2GB         | 2147483648
            64 KB       | 65536
            256KB       | 262144
            256KiB      | 262144
            256 kb      | 262144
            3MB         | 3145728
            3 megabytes | 3145728
            1.5MB       | 1572864
            +1GB        | 1073741824
            2EB         | 2305843009213693952
            """)
    void readsConfigurationSizes(String text, long bytes) {
        assertEquals(bytes, ByteSizes.parseConfig(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            -1MB  | must not be negative
            8EB   | size is too large
            1 zB  | expected a byte size such as 1048576, 256KB or 1.5MB (units: B, KB, MB, GB, TB, PB, EB, also KiB, MiB...)
            ''    | expected a byte size such as 1048576, 256KB or 1.5MB (units: B, KB, MB, GB, TB, PB, EB, also KiB, MiB...)
            """)
    void refusesConfigurationSizesWithTheReason(String text, String reason) {
        assertEquals(reason, assertThrows(FormatException.class, () -> ByteSizes.parseConfig(text)).getMessage());
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            0          | 0B
            1000       | 1000B
            3145728    | 3MB
            1536000    | 1500KB
            3000000    | 3000000B
            1073741824 | 1GB
            262144     | 256KB
            15728640   | 15MB
            1536       | 1536B
            """)
    void printsLikeLokiFlagextByteSize(long bytes, String printed) {
        assertEquals(printed, ByteSizes.formatConfig(bytes));
        assertEquals(bytes, ByteSizes.parseConfig(printed));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"abc", "12XB", "MB", "1.MB", "-1", "99999999999EB"})
    void refusesWhatIsNotAConfigurationSize(String text) {
        assertThrows(FormatException.class, () -> ByteSizes.parseConfig(text));
    }
}

package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({
            "1048576, 1048576",
            "0, 0",
            "256KB, 262144",
            "256KiB, 262144",
            "256kb, 262144",
            "256K, 262144",
            "3MB, 3145728",
            "1.5MB, 1572864",
            "15MiB, 15728640",
            "2GB, 2147483648",
            "100B, 100",
            "'64 KB', 65536",
    })
    void parsesLokiByteSizesWithPowersOf1024(String text, long expected) {
        assertEquals(expected, ByteSizes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "12XB", "MB", "1.MB", "-1", "-3MB", "99999999999EB"})
    void rejectsWhatIsNotASize(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
            "262144, 256KB",
            "3145728, 3MB",
            "15728640, 15MB",
            "1073741824, 1GB",
            "1000, 1000B",
            "1536, 1536B",
            "0, 0B",
    })
    void printsTheLargestExactUnitAndParsesBack(long bytes, String expected) {
        assertEquals(expected, ByteSizes.format(bytes));
        assertEquals(bytes, ByteSizes.parse(expected));
    }
}

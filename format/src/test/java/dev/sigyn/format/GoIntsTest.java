package dev.sigyn.format;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Go's strconv.ParseInt and Atoi: what Go 1.22 returns for each input. */
class GoIntsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|10|0", "42|10|42", "+42|10|42", "-42|10|-42", "007|10|7",
            "9223372036854775807|10|9223372036854775807", "-9223372036854775808|10|-9223372036854775808",
            "0x1F|0|31", "0o17|0|15", "017|0|15", "0b101|0|5", "-0x10|0|-16", "0x_1F|0|31", "1_000|0|1000",
            "0x1_f|0|31", "10|0|10"})
    void parsesWhatGoParses(String text, int base, long expected) {
        assertEquals(expected, GoInts.parseInt(text, base));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|10", "+|10", "1.5|10", "' 1'|10", "1_000|10", "_1|0", "1__0|0", "0x10|10", "1e3|10", "１|10", "0x|0", "0x__1|0",
            "0x1_|0", "0b102|0", "٣|10"})
    void refusesWithInvalidSyntax(String text, int base) {
        FormatException e = assertThrows(FormatException.class, () -> GoInts.parseInt(text, base));
        assertEquals("strconv.ParseInt: parsing " + Quoting.quote(text) + ": invalid syntax", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"9223372036854775808", "-9223372036854775809", "99999999999999999999"})
    void refusesWhatDoesNotFitWithValueOutOfRange(String text) {
        assertEquals("strconv.ParseInt: parsing \"" + text + "\": value out of range",
                assertThrows(FormatException.class, () -> GoInts.parseInt(text, 10)).getMessage());
        assertEquals("strconv.Atoi: parsing \"" + text + "\": value out of range",
                assertThrows(FormatException.class, () -> GoInts.atoi(text)).getMessage());
    }
}

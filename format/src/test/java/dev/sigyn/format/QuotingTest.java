package dev.sigyn.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The corpus of Go's {@code strconv} quoting; the expected texts are Go's. */
class QuotingTest {
    static Stream<Arguments> goQuote() {
        return Stream.of(
                Arguments.of("", "\"\""),
                Arguments.of("web", "\"web\""),
                Arguments.of("a\"b", "\"a\\\"b\""),
                Arguments.of("\\", "\"\\\\\""),
                Arguments.of("\u0007\b\f\r\n\t\u000b", "\"\\a\\b\\f\\r\\n\\t\\v\""),
                Arguments.of("\u263a", "\"\u263a\""),
                Arguments.of("caf\u00e9 \u65e5\u672c", "\"caf\u00e9 \u65e5\u672c\""),
                Arguments.of("\udbff\udfff", "\"\\U0010ffff\""),
                Arguments.of("\u0004", "\"\\x04\""),
                Arguments.of("\u007f", "\"\\x7f\""),
                Arguments.of("!\u00a0!\u2000!\u3000!", "\"!\\u00a0!\\u2000!\\u3000!\""),
                Arguments.of("\u200b", "\"\\u200b\""),
                Arguments.of("'single'", "\"'single'\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void goQuote(String value, String quoted) {
        assertEquals(quoted, Quoting.quote(value));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("goQuote")
    void goUnquoteReadsQuoteBack(String value, String quoted) {
        assertEquals(value, Quoting.unquote(quoted));
    }

    static Stream<Arguments> goQuoteToAscii() {
        return Stream.of(
                Arguments.of("\u263a", "\\u263a"),
                Arguments.of("\udbff\udfff", "\\U0010ffff"),
                Arguments.of("caf\u00e9\n", "caf\\u00e9\\n"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void goQuoteToAscii(String value, String inside) {
        StringBuilder sb = new StringBuilder();
        Quoting.appendQuoted(sb, value, '"', true);
        assertEquals(inside, sb.toString());
    }

    static Stream<Arguments> goQuoteRune() {
        return Stream.of(
                Arguments.of((int) 'a', "'a'"),
                Arguments.of(7, "'\\a'"),
                Arguments.of((int) '\\', "'\\\\'"),
                Arguments.of((int) '\'', "'\\''"),
                Arguments.of((int) '"', "'\"'"),
                Arguments.of(0xff, "'\u00ff'"),
                Arguments.of(0x263a, "'\u263a'"),
                Arguments.of(0xfffd, "'\ufffd'"),
                Arguments.of(0x10ffff, "'\\U0010ffff'"),
                Arguments.of(0x04, "'\\x04'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void goQuoteRune(int rune, String quoted) {
        assertEquals(quoted, Quoting.quoteRune(rune));
    }

    @Test
    void goUnquoteReadsRawAndOctalAndHexForms() {
        assertEquals("a\\nb", Quoting.unquote("`a\\nb`"));
        assertEquals("BA\u263a", Quoting.unquote("\"\\x42\\101\\u263a\""));
        assertEquals("x", Quoting.unquote("'x'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"", "\"a", "a\"", "'ab'", "\"\\q\"", "\"\\400\"", "\"\\ud800\"", "\"a\nb\"",
            "`a`b`", "'\\\"'", "\"'\\''\""})
    void goUnquoteRefusesWhatGoRefuses(String literal) {
        assertEquals("invalid syntax", assertThrows(FormatException.class, () -> Quoting.unquote(literal)).getMessage());
    }
}

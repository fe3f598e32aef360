package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PatternFilterTest {

    private static boolean matches(String pattern, String line) {
        return LineFilters.pattern(pattern).test(line.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} on ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "<_> bar <_>|foo bar baz|true",
            "<_> bar|foo bar baz|false",          // ends in a literal: the line must end there
            "<_> baz|foo bar baz|true",
            "foo <_>|foo bar baz|true",
            "<_> bar <_>|' bar '|false",           // placeholders must capture something
            "<_>bar<_>|' bar '|true",
            "<_>|' bar '|true",
            "<_> \"<_> <_> <_>\" 5<_>|'1.2.3.4 - - [x] \"GET /a HTTP/1.1\" 503 12'|true",
            "<_> \"<_> <_> <_>\" 5<_>|'1.2.3.4 - - [x] \"GET /a HTTP/1.1\" 404 12'|false",
            "unicode ▶ <_>|unicode ▶ character|true",
            "unicode <_> character|unicode 🤷 character|true",
            "<_> level=error <_>|ts=1 level=error msg=x|true",
            "<_> level=error <_>|ts=1 level=info msg=x|false",
            "<foo <_>|x <foo y|true"})
    void lokiPatternSemantics(String pattern, String line, boolean expected) {
        assertEquals(expected, matches(pattern, line));
    }

    @Test
    void emptyPatternMatchesOnlyTheEmptyLine() {
        assertEquals(true, matches("", ""));
        assertEquals(false, matches("", "x"));
        assertEquals(false, matches("<_>", ""));
    }

    @Test
    void invalidPatterns() {
        assertEquals("found consecutive capture '<_><_>': invalid expression",
                assertThrows(InvalidFilterException.class, () -> LineFilters.pattern("a <_><_>")).getMessage());
        assertEquals("named captures are not allowed: found '<foo>'",
                assertThrows(InvalidFilterException.class, () -> LineFilters.pattern("<foo <foo> bar <_>")).getMessage());
    }

    @Test
    void worksOnSlices() {
        LineFilter f = LineFilters.pattern("<_> 500 <_>");
        byte[] buf = "GET / 500 12|GET / 200 12".getBytes(StandardCharsets.UTF_8);
        assertEquals(true, f.test(buf, 0, 12));
        assertEquals(false, f.test(buf, 13, 12));
    }
}

package dev.sigyn.logql.filter;

import dev.sigyn.logql.LineFilter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineFiltersTest {

    private static boolean passes(LineFilter f, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        boolean whole = f.test(bytes);
        // the same line inside a larger buffer must give the same answer
        byte[] padded = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        assertEquals(whole, f.test(padded, 2, bytes.length), () -> "slice differs for " + f + " on " + line);
        return whole;
    }

    private static List<String> literals(LineFilter f) {
        return f.requiredLiterals().stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
    }

    @Test
    void requiredLiteralsAreOnlyWhatEveryPassingLineMustHold() {
        assertEquals(List.of("\" 5", "POST"), literals(LineFilters.allOf(List.of(LineFilters.contains("POST"),
                LineFilters.regex("\" 5\\d\\d ")))));
        assertEquals(List.of("결제"), literals(LineFilters.contains("결제")));
        assertEquals(List.of(), literals(LineFilters.not(LineFilters.contains("GET"))));
        assertEquals(List.of(), literals(LineFilters.anyOf(List.of(LineFilters.contains("a"), LineFilters.contains("b")))));
        assertEquals(List.of(), literals(LineFilters.regex("(?i)failed password")), "case-insensitive: no exact bytes");
        assertEquals(List.of(), literals(LineFilters.contains("")));
    }

    @Test
    void containsOnUtf8() {
        LineFilter korean = LineFilters.contains("결제");
        assertTrue(passes(korean, "{\"note\":\"결제 실패\"}"));
        assertFalse(passes(korean, "{\"note\":\"결\"}"));
        assertTrue(passes(LineFilters.contains("🚀"), "emoji 🚀 launch"));
        assertFalse(passes(LineFilters.contains("🚀"), "emoji 🚁 launch"));
        LineFilter ansi = LineFilters.contains("\u001b[31m");
        assertTrue(passes(ansi, "\u001b[31mERROR\u001b[0m colored output"));
        assertFalse(passes(ansi, "[31mERROR plain"));
        assertFalse(passes(LineFilters.contains("Error"), "error"), "case-sensitive");
    }

    @Test
    void emptyStringRules() {
        assertSame(LineFilter.ALL, LineFilters.contains(""));
        assertSame(LineFilters.NONE, LineFilters.not(LineFilters.contains("")));
        assertSame(LineFilter.ALL, LineFilters.regex(""));
        assertSame(LineFilter.ALL, LineFilters.regex(".*"));
        assertSame(LineFilters.NONE, LineFilters.not(LineFilters.regex(".*")));
        assertSame(LineFilter.ALL, LineFilters.regex("a|"));
        assertTrue(passes(LineFilters.regex(".*"), ""));
    }

    @Test
    void plainLiteralRegexesRunAsByteSearches() {
        assertInstanceOf(ContainsFilter.class, LineFilters.regex("error"));
        assertInstanceOf(ContainsFilter.class, LineFilters.regex(".*error.*"));
        assertInstanceOf(ContainsFilter.class, LineFilters.regex("a\\.b"));
        assertInstanceOf(CaseInsensitiveContainsFilter.class, LineFilters.regex("(?i)failed"));
        assertInstanceOf(CombinedFilters.AnyOf.class, LineFilters.regex("timeout|reset"));
        assertInstanceOf(CombinedFilters.AnyOf.class, LineFilters.regex("(timeout|reset)"));
        assertTrue(passes(LineFilters.regex("a\\.b"), "xa.by"));
        assertFalse(passes(LineFilters.regex("a\\.b"), "xaxby"));
    }

    @Test
    void caseInsensitiveRegex() {
        LineFilter failed = LineFilters.regex("(?i)failed");
        assertTrue(passes(failed, "Failed password for bob"));
        assertTrue(passes(failed, "login FAILED"));
        assertFalse(passes(failed, "login fail"));
        // RE2 folds k to the Kelvin sign and s to the long s; so must the byte search
        assertTrue(passes(LineFilters.regex("(?i)ok"), "status: o\u212a"));
        assertTrue(passes(LineFilters.regex("(?i)fails"), "fail\u017f"));
        assertFalse(passes(LineFilters.regex("(?i)ok"), "status: ö\u212b"));
    }

    @Test
    void generalRegexes() {
        LineFilter status5xx = LineFilters.regex("HTTP/1.1\" 5\\d\\d");
        assertTrue(passes(status5xx, "10.0.0.1 - - [x] \"GET /api HTTP/1.1\" 503 12"));
        assertFalse(passes(status5xx, "10.0.0.1 - - [x] \"GET /api HTTP/1.1\" 404 12"));
        LineFilter anchored = LineFilters.regex("^a=1");
        assertTrue(passes(anchored, "a=1 b=2"));
        assertFalse(passes(anchored, "b=2 a=1"));
        LineFilter alternation = LineFilters.regex("timeout|reset");
        assertTrue(passes(alternation, "connection reset by peer"));
        assertTrue(passes(alternation, "read timeout"));
        assertFalse(passes(alternation, "ok"));
        assertTrue(passes(LineFilters.regex("🚀"), "emoji 🚀 launch"));
        assertTrue(passes(LineFilters.regex("결.실"), "결제실패 결 실"));
        assertTrue(passes(LineFilters.regex("^$"), ""));
        assertTrue(passes(LineFilters.regex("(?i)user \\w+ (logged|signed) in"), "USER bob signed in"));
        assertFalse(passes(LineFilters.regex("ab+c"), "abxc"));
        assertTrue(passes(LineFilters.regex("ab+c"), "xabbbc"));
        assertTrue(passes(LineFilters.regex("colou?r"), "color"));
        assertTrue(passes(LineFilters.regex("a{2}b"), "caab"));
        assertTrue(passes(LineFilters.regex("a{b"), "a{b"));
    }

    @Test
    void badRegexesAreRejectedWithGoStyleMessages() {
        InvalidFilterException e = assertThrows(InvalidFilterException.class, () -> LineFilters.regex("(unclosed"));
        assertEquals("error parsing regexp: missing closing ): `(unclosed`", e.getMessage());
    }

    @Test
    void orAndNotFollowDeMorgan() {
        LineFilter either = LineFilters.anyOf(List.of(LineFilters.contains("a"), LineFilters.contains("b")));
        LineFilter neither = LineFilters.not(either);
        assertTrue(passes(either, "xbx"));
        assertFalse(passes(either, "xyz"));
        assertTrue(passes(neither, "xyz"));
        assertFalse(passes(neither, "xax"));
        assertFalse(passes(neither, "xbx"));
        assertSame(LineFilter.ALL, LineFilters.anyOf(List.of(LineFilters.contains("a"), LineFilter.ALL)));
        assertSame(LineFilters.NONE, LineFilters.anyOf(List.of()));
    }

    @Test
    void allOfChainsAndShortCuts() {
        LineFilter both = LineFilters.allOf(List.of(LineFilters.regex("/api/\\w+"), LineFilters.contains("POST")));
        assertTrue(passes(both, "POST /api/orders"));
        assertFalse(passes(both, "GET /api/orders"));
        assertFalse(passes(both, "POST /"));
        assertSame(LineFilter.ALL, LineFilters.allOf(List.of()));
        assertSame(LineFilters.NONE, LineFilters.allOf(List.of(LineFilters.contains("a"), LineFilters.NONE)));
        CombinedFilters.AllOf ordered = (CombinedFilters.AllOf) both;
        assertInstanceOf(ContainsFilter.class, ordered.filters[0], "cheap filters run first");
    }
}

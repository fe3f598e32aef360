package dev.sigyn.logql.filter;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegexShapeTest {

    private static RegexShape shape(String regex) {
        return RegexShape.of(regex);
    }

    private static RegexShape.General general(String required) {
        return new RegexShape.General(required, false);
    }

    @Test
    void literals() {
        assertEquals(new RegexShape.AnyLiteral(List.of("error"), false), shape("error"));
        assertEquals(new RegexShape.AnyLiteral(List.of("error"), false), shape(".*error.*?"));
        assertEquals(new RegexShape.AnyLiteral(List.of("a.b\"c"), false), shape("a\\.b\\\"c"));
        assertEquals(new RegexShape.AnyLiteral(List.of("a|b*"), false), shape("\\Qa|b*\\E"));
        assertEquals(new RegexShape.AnyLiteral(List.of("failed"), true), shape("(?i)failed"));
        assertEquals(new RegexShape.AnyLiteral(List.of("timeout", "reset"), false), shape("timeout|reset"));
        assertEquals(new RegexShape.AnyLiteral(List.of("timeout", "reset"), true), shape("(?i)(?:timeout|reset)"));
        assertEquals(new RegexShape.AnyLiteral(List.of("결제"), false), shape("결제"));
        assertEquals(new RegexShape.AnyLiteral(List.of("a}b]"), false), shape("a}b]"));
    }

    @Test
    void everything() {
        assertEquals(new RegexShape.MatchesEverything(), shape(""));
        assertEquals(new RegexShape.MatchesEverything(), shape(".*"));
        assertEquals(new RegexShape.MatchesEverything(), shape("(?s).*"));
        assertEquals(new RegexShape.MatchesEverything(), shape("x|"));
    }

    @Test
    void requiredLiteralsOfGeneralRegexes() {
        assertEquals(general("HTTP/1"), shape("HTTP/1.1\" 5\\d\\d"));
        assertEquals(general("a=1"), shape("^a=1"));
        assertEquals(general("ab"), shape("ab+c"));
        assertEquals(general("colo"), shape("colou?r"));
        assertEquals(general("b"), shape("a{0,2}b"));
        assertEquals(general("user "), shape("user \\w+ in"));
        assertEquals(new RegexShape.General("user ", true), shape("(?i)user \\w+"));
        assertEquals(general("x"), shape("[abc|]x(a|b)"));
    }

    @Test
    void givesUpWhenUnsure() {
        assertEquals(general(null), shape("a\\d|b\\d"));
        assertEquals(general(null), shape("a(?i)bc"));
        assertEquals(general(null), shape("(?i)ä\\d"));
        assertEquals(general(null), shape("\\d+"));
        assertEquals(general(null), shape("(?i-s)abc"));
    }
}

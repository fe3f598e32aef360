package dev.sigyn.logql.syntax;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sigyn.logql.syntax.TokenType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LexerTest {

    private static List<TokenType> types(String query) {
        return Lexer.tokenize(query).stream().map(Token::type).toList();
    }

    private static Token single(String query) {
        List<Token> tokens = Lexer.tokenize(query);
        assertEquals(2, tokens.size(), () -> "expected one token in " + query + ": " + tokens);
        return tokens.getFirst();
    }

    @Test
    void selectorAndLineFilters() {
        assertEquals(List.of(OPEN_BRACE, IDENTIFIER, EQ, STRING, COMMA, IDENTIFIER, NEQ, STRING, COMMA,
                        IDENTIFIER, RE, STRING, COMMA, IDENTIFIER, NRE, STRING, CLOSE_BRACE,
                        PIPE_EXACT, STRING, NEQ, STRING, PIPE_MATCH, STRING, NRE, STRING, PIPE_PATTERN, STRING, NPA, STRING, EOF),
                types("{a=\"1\", b!=\"2\", c=~\"3\", d!~\"4\"} |= \"x\" != \"y\" |~ \"z\" !~ \"w\" |> \"<_>\" !> \"v\""));
    }

    @Test
    void everyOperator() {
        assertEquals(List.of(OPEN_PARENTHESIS, CLOSE_PARENTHESIS, CLOSE_BRACKET, COMMA, DOT, ADD, SUB, MUL, DIV, MOD, POW,
                        CMP_EQ, GT, GTE, LT, LTE, PIPE, EOF),
                types("( ) ] , . + - * / % ^ == > >= < <= |"));
    }

    @Test
    void tokensCarryLineAndColumn() {
        List<Token> tokens = Lexer.tokenize("{app=\"web\"}\n  |= \"x\"");
        assertEquals(new Position(1, 1).toString(), tokens.get(0).pos().toString());
        assertEquals("1:2", tokens.get(1).pos().toString());
        assertEquals("1:5", tokens.get(2).pos().toString());
        assertEquals("1:6", tokens.get(3).pos().toString());
        assertEquals("2:3", tokens.get(5).pos().toString());
        assertEquals("2:6", tokens.get(6).pos().toString());
        assertEquals("2:9", tokens.get(7).pos().toString()); // EOF just past the end
    }

    @Test
    void columnsCountCharactersNotBytes() {
        List<Token> tokens = Lexer.tokenize("\"결제🚀\" x");
        assertEquals(7, tokens.get(1).pos().column());
    }

    @Test
    void doubleQuotedStringsDecodeGoEscapes() {
        assertEquals("a\"b\\c\nd\te", single("\"a\\\"b\\\\c\\nd\\te\"").value());
        assertEquals("\u001b[31m", single("\"\\u001b[31m\"").value());
        assertEquals("\u001b", single("\"\\x1b\"").value());
        assertEquals("A", single("\"\\101\"").value());
        assertEquals("🚀", single("\"\\U0001F680\"").value());
        assertEquals("€", single("\"\\xe2\\x82\\xac\"").value(), "byte escapes form UTF-8 sequences");
        assertEquals("\u0007\b\f\r\u000b", single("\"\\a\\b\\f\\r\\v\"").value());
        assertEquals("결제", single("\"결제\"").value());
    }

    @Test
    void rawAndSingleQuotedStrings() {
        Token raw = single("`a\\d+\n\"x\"`");
        assertEquals(STRING, raw.type());
        assertEquals("a\\d+\n\"x\"", raw.value());
        assertEquals("it's", single("'it\\'s'").value());
    }

    @Test
    void stringErrors() {
        ParseException e = assertThrows(ParseException.class, () -> Lexer.tokenize("{foo=\"bar}"));
        assertEquals("parse error at line 1, col 6: literal not terminated", e.getMessage());
        assertEquals("literal not terminated", assertThrows(ParseException.class, () -> Lexer.tokenize("\"a\nb\"")).detail());
        assertEquals("invalid char escape", assertThrows(ParseException.class, () -> Lexer.tokenize("\"\\q\"")).detail());
        assertEquals("invalid char escape", assertThrows(ParseException.class, () -> Lexer.tokenize("\"\\x4\"")).detail());
        assertEquals("invalid char escape", assertThrows(ParseException.class, () -> Lexer.tokenize("\"\\'\"")).detail());
        assertEquals("invalid syntax", assertThrows(ParseException.class, () -> Lexer.tokenize("\"\\ud800\"")).detail());
        assertEquals("invalid syntax", assertThrows(ParseException.class, () -> Lexer.tokenize("\"\\U00110000\"")).detail());
        assertEquals("invalid syntax", assertThrows(ParseException.class, () -> Lexer.tokenize("\"\\Ud1dddddd\"")).detail());
        assertEquals("literal not terminated", assertThrows(ParseException.class, () -> Lexer.tokenize("`abc")).detail());
    }

    @Test
    void numbers() {
        for (String n : List.of("123", "123.45", "1e6", "0.5", ".5", "0x1A", "0x1p3", "0b01")) {
            Token t = single(n);
            assertEquals(NUMBER, t.type(), n);
            assertEquals(n, t.text());
        }
        assertEquals(List.of(SUB, NUMBER, EOF), types("-123"));
        assertEquals(List.of(NUMBER, ADD, SUB, NUMBER, EOF), types("34+-123"));
        assertEquals(List.of(NUMBER, SUB, NUMBER, EOF), types("34-123"));
    }

    @Test
    void durations() {
        assertEquals(300_000_000_000L, single("5m").number());
        assertEquals(5_400_000_000_000L, single("1h30m").number());
        assertEquals(1_500_000_000L, single("1.5s").number());
        assertEquals(100_000_000L, single("100ms").number());
        assertEquals(86_400_000_000_000L, single("1d").number());
        assertEquals(-300_000_000_000L, single("-5m").number());
        assertEquals(3_600_000_000_000L + 15 * 60_000_000_000L + 30_918_273_645L, single("1h15m30.918273645s").number());
        assertEquals(DURATION, single("1µs").type());
        assertEquals(List.of(IDENTIFIER, GT, DURATION, EOF), types("latency > 250ms"));
    }

    @Test
    void byteSizes() {
        assertEquals(10_000, single("10KB").number());
        assertEquals(2048, single("2KiB").number());
        assertEquals(1_500_000, single("1.5MB").number());
        assertEquals(250_000, single("250kB").number());
        assertEquals(BYTES, single("123PiB").type());
        assertEquals(0, single("0B").number());
    }

    @Test
    void rangesHoldPrometheusDurations() {
        Token r = single("[5m]");
        assertEquals(RANGE, r.type());
        assertEquals(300_000_000_000L, r.number());
        assertEquals(90_000_000_000L, single("[1m30s]").number());
        assertEquals("parse error at line 1, col 6: unknown unit \"x\" in duration \"5x\"",
                assertThrows(ParseException.class, () -> Lexer.tokenize("rate([5x])")).getMessage());
        assertEquals("missing closing ']' in duration", assertThrows(ParseException.class, () -> Lexer.tokenize("[5m")).detail());
        assertEquals("unknown unit \".\" in duration \"1.5m\"", assertThrows(ParseException.class, () -> Lexer.tokenize("[1.5m]")).detail());
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertEquals(List.of(PIPE, JSON, PIPE, LOGFMT, FUNCTION_FLAG, FUNCTION_FLAG, OR, AND, UNLESS, BOOL, EOF),
                types("| JSON | logfmt --strict --keep-empty OR and Unless bool"));
        assertEquals(List.of(BY, WITHOUT, ON, IGNORING, GROUP_LEFT, GROUP_RIGHT, OFFSET, UNWRAP, REGEXP, UNPACK, PATTERN,
                        LINE_FMT, LABEL_FMT, DECOLORIZE, DROP, KEEP, EOF),
                types("by without on ignoring group_left group_right offset unwrap regexp unpack pattern line_format "
                        + "label_format decolorize drop keep"));
    }

    @Test
    void functionNamesNeedAnOpeningParenthesis() {
        assertEquals(List.of(RATE, OPEN_PARENTHESIS), types("rate(").subList(0, 2));
        assertEquals(List.of(IDENTIFIER, EOF), types("rate"));
        assertEquals(List.of(IDENTIFIER, EOF), types("ip"));
        assertEquals(List.of(IDENTIFIER, EQ, STRING, EOF), types("ip=\"b\""));
        assertEquals(List.of(IDENTIFIER, EQ, IP, OPEN_PARENTHESIS, STRING, CLOSE_PARENTHESIS, EOF), types("b=ip(\"b\")"));
        assertEquals(List.of(SUM, BY, OPEN_PARENTHESIS), types("SUM BY (foo) (x)").subList(0, 3));
        assertEquals(List.of(COUNT, WITHOUT), types("count without(a) (x)").subList(0, 2));
        assertEquals(List.of(BYTES_CONV, OPEN_PARENTHESIS), types("bytes(x)").subList(0, 2));
        assertEquals(IDENTIFIER, types("bytes > 1KB").getFirst());
    }

    @Test
    void commentsAreSkipped() {
        assertEquals(List.of(OPEN_BRACE, IDENTIFIER, EQ, STRING, CLOSE_BRACE, EOF), types("{foo=\"bar\"} #|~ \"\\\\w+\""));
        assertEquals(List.of(EOF), types("#{foo=\"bar\"}"));
        assertEquals(List.of(OPEN_BRACE, IDENTIFIER, EQ, STRING, CLOSE_BRACE, EOF), types("{foo=\"#\"}"));
        assertEquals(List.of(OPEN_BRACE, CLOSE_BRACE, PIPE_EXACT, STRING, EOF), types("{ // note\n} /* x */ |= \"a\""));
        assertThrows(ParseException.class, () -> Lexer.tokenize("{} /* open"));
    }

    @Test
    void unknownCharactersAreErrors() {
        ParseException e = assertThrows(ParseException.class, () -> Lexer.tokenize("{a=\"b\"} @"));
        assertEquals(1, e.line());
        assertEquals(9, e.column());
        assertThrows(ParseException.class, () -> Lexer.tokenize("{a!\"b\"}"));
    }
}

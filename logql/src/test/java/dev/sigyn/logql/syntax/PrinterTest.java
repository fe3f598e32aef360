package dev.sigyn.logql.syntax;

import dev.sigyn.format.Quoting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PrinterTest {

    @Test
    void printsCanonicalLogQL() {
        assertEquals("{app=\"web\"} |= \"x\"", Printer.print(Parser.parseExpr("{ app = \"web\" }|=`x`")));
        assertEquals("{app=\"web\", env!~\"dev|test\"} != \"a\" or \"b\" |~ \"(?i)x\" !> \"<_> y\" |= ip(\"10.0.0.0/8\") or \"z\"",
                Printer.print(Parser.parseExpr(
                        "{app=\"web\",env!~\"dev|test\"} != \"a\" OR \"b\" |~ `(?i)x` !> \"<_> y\" |= ip(\"10.0.0.0/8\") or \"z\"")));
    }

    @Test
    void quotesLikeGo() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\x1b[31m\\x00\\u00a0\\u200b결제🚀\"", Quoting.quote("a\"b\\c\n\t\u001b[31m\u0000\u00a0\u200b결제🚀"));
        assertEquals("\"\\a\\b\\f\\r\\v\\x7f\"", Quoting.quote("\u0007\b\f\r\u000b\u007f"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{app=\"web\"}",
            "{app=\"web\", env!=\"dev\", i=~\"web-[01]\", j!~\"x|y\"}",
            "{env=\"prod\"} |= \"POST\" != \"/api\"",
            "{env=\"prod\"} |~ \"HTTP/1.1\\\" 5\\\\d\\\\d\"",
            "{env=\"prod\"} |= \"결제\" |~ \"🚀\"",
            "{app=\"odd\"} |= \"\\u001b[31m\"",
            "{a=\"tab\\there\"} |= \"\\x00\\x7f\\u0085\\U0010FFFF\"",
            "{a=\"b\"} |= \"a\" or \"b\" or ip(\"::1\") != \"c\" or \"d\"",
            "{a=\"b\"} |> \"<_> 500 <_>\" !> \"x<_>\"",
            "{a=\"b\"} |= ip(\"192.168.0.1-192.168.0.10\") != ip(\"2001:db8::/32\")",
            "{a=`back\\slash`} |~ `\\d+\\.\\d+` |= \"\""})
    void parsePrintRoundTrip(String query) {
        Expr parsed = Parser.parseExpr(query);
        String printed = Printer.print(parsed);
        Expr reparsed = Parser.parseExpr(printed);
        assertEquals(parsed, reparsed, printed);
        assertEquals(printed, Printer.print(reparsed), "printing is stable");
    }

    @Test
    void equalityIgnoresPositionsButNotMeaning() {
        assertEquals(Parser.parseExpr("{a=\"b\"} |= \"x\""), Parser.parseExpr("\n\n   {a=\"b\"}\n|= \"x\""));
        assertNotEquals(Parser.parseExpr("{a=\"b\"} |= \"x\""), Parser.parseExpr("{a=\"b\"} |= \"y\""));
        assertNotEquals(Parser.parseExpr("{a=\"b\"} |= \"x\""), Parser.parseExpr("{a=\"b\"} != \"x\""));
        assertNotEquals(Parser.parseExpr("{a=\"b\"} |= \"x\""), Parser.parseExpr("{a=\"b\"} |= \"x\" or \"x\""));
    }
}

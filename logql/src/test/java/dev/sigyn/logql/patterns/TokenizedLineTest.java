package dev.sigyn.logql.patterns;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizedLineTest {
    private static String[] tokens(String line) {
        return TokenizedLine.of(line).tokens();
    }

    @Test
    void splitsAtSpacesEqualsAndPunctuationButKeepsIpsPathsAndTimes() {
        assertArrayEquals(new String[]{"10.2.255.60", "-", "-", "[", "01/Nov/2026:00:00:01", "+0000", "]",
                        "\"", "GET", "/api/orders", "HTTP/1.1", "\"", "200"},
                tokens("10.2.255.60 - - [01/Nov/2026:00:00:01 +0000] \"GET /api/orders HTTP/1.1\" 200"));
        assertArrayEquals(new String[]{"level", "=", "info", "msg", "=", "\"", "request", "served", "\""},
                tokens("level=info msg=\"request served\""));
    }

    @Test
    void joiningTheTokensGivesTheLineBack() {
        for (String line : new String[]{"  two  leading spaces", "a=1 b=\"x y\" trailing ", "{\"k\":[1,2]}",
                "emoji 🚀 launch", "tab\tseparated\tfields", "", "인증 토큰 만료 user=carol amount=5"}) {
            TokenizedLine t = TokenizedLine.of(line);
            assertEquals(line, TokenizedLine.join(t.tokens(), t.spaces(), "<_>"));
        }
    }

    @Test
    void adjacentPlaceholdersCollapseIntoOne() {
        assertEquals("a <_> b", TokenizedLine.join(new String[]{"a", "<_>", "<_>", "<_>", "b"},
                new int[]{0, 1, 0, 0, 1, 0}, "<_>"));
        assertEquals("<_> <_>", TokenizedLine.join(new String[]{"<_>", "<_>"}, new int[]{0, 1, 0}, "<_>"));
    }

    @Test
    void veryLongLinesKeepTheirTailInOneLastToken() {
        String line = "x ".repeat(500).strip();
        TokenizedLine t = TokenizedLine.of(line);
        assertEquals(TokenizedLine.MAX_TOKENS + 1, t.size());
        assertEquals(line, TokenizedLine.join(t.tokens(), t.spaces(), "<_>"));
    }
}

package dev.sigyn.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Go's strings.TrimSpace: what unicode.IsSpace calls white space, and nothing else. */
class GoStringsTest {
    @Test
    void trimsGoWhiteSpaceIncludingNextLineAndNoBreakSpace() {
        assertEquals("a b", GoStrings.trimSpace(" \t\n\u000b\f\r\u0085\u00a0a b\u2003\u3000\u2028"));
    }

    @Test
    void keepsControlCharactersThatGoDoesNotCallSpace() {
        assertEquals("\u001fa\u200b", GoStrings.trimSpace("\u001fa\u200b"));
    }
}

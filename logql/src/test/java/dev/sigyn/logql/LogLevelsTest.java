package dev.sigyn.logql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogLevelsTest {
    private static String level(String line) {
        return LogLevels.detect(Labels.EMPTY, Labels.EMPTY, line);
    }

    @Test
    void attachedLevelsWinOverTheLine() {
        assertEquals("warn", LogLevels.detect(Labels.EMPTY, Labels.of("detected_level", "warn"), "level=error"));
        assertEquals("debug", LogLevels.detect(Labels.of("level", "debug"), Labels.EMPTY, "an error"));
        assertEquals("notice", LogLevels.detect(Labels.EMPTY, Labels.of("severity", "notice"), "x"));
    }

    @Test
    void levelFieldsOfJsonAndLogfmtLinesAreNormalised() {
        assertEquals("error", level("{\"level\":\"ERR\",\"msg\":\"order created\"}"));
        assertEquals("warn", level("{\"msg\":\"x\", \"severity\" : \"warning\"}"));
        assertEquals("info", level("ts=1 level=info msg=\"request served\""));
        assertEquals("debug", level("lvl=\"dbg\" msg=x"));
    }

    @Test
    void otherwiseKeywordsDecideInLokisOrder() {
        assertEquals("info", level("INFO: started, no error"));
        assertEquals("error", level("connection error: refused"));
        assertEquals("warn", level("a warning"));
        assertEquals(LogLevels.UNKNOWN, level("10.0.0.1 - - \"GET / HTTP/1.1\" 200"));
        assertEquals(LogLevels.UNKNOWN, level("foo=bar level=verbose"));
    }
}

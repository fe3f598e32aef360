package dev.sigyn.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sigyn's log lines give their fields back through LogQL's {@code | logfmt}, whatever the values hold. */
class LogfmtLayoutTest {
    private static final LoggerContext CONTEXT = new LoggerContext();

    private static String layout(Level level, String message, Throwable error, String... keysAndValues) {
        LoggingEvent event = new LoggingEvent(LogfmtLayoutTest.class.getName(),
                CONTEXT.getLogger("dev.sigyn.querier.QueryApi"), level, message, error, null);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            event.addKeyValuePair(new KeyValuePair(keysAndValues[i], keysAndValues[i + 1]));
        }
        return new LogfmtLayout().doLayout(event);
    }

    @Test
    void valuesWithQuotesSpacesEqualsSignsAndNewlinesComeBackUnchanged() {
        String query = "{app=\"web\"} |~ \"\\\" 5\\\\d\\\\d \" | json";
        String line = layout(Level.INFO, "executing query", null, "query", query, "empty", "",
                "multi", "first\nsecond\ttab", "plain", "200", "unicode", "naïve ✓");
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        assertTrue(line.contains(" empty=\"\" "), line);
        // LogQL, as Loki, leaves out labels whose value is empty: "empty" is not among the fields.
        assertEquals(Map.of("level", "info", "ts", LogfmtFields.of(line).get("ts"), "caller", "QueryApi",
                "msg", "executing query", "query", query, "multi", "first\nsecond\ttab", "plain", "200",
                "unicode", "naïve ✓"), LogfmtFields.of(line));
    }

    @Test
    void levelsAreLowerCaseAsInLoki() {
        for (Level level : List.of(Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            String line = layout(level, "m", null);
            assertTrue(line.startsWith("level=" + level.toString().toLowerCase() + " ts="), line);
        }
    }

    @Test
    void valuesAreQuotedOnlyWhenTheyMustBe() {
        String line = layout(Level.INFO, "Sigyn started", null, "address", "0.0.0.0:3100", "auth_enabled", "false");
        assertTrue(line.contains(" caller=QueryApi msg=\"Sigyn started\" address=0.0.0.0:3100 auth_enabled=false\n"),
                line);
        assertTrue(line.matches("level=info ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z .*\n"), line);
    }

    @Test
    void anExceptionStaysOnTheEventsLineWithItsStackTraceEscaped() {
        Exception cause = new IllegalStateException("disk \"full\"");
        String line = layout(Level.ERROR, "flush failed", new RuntimeException("wrapped", cause));
        assertEquals(1, line.lines().count(), line);
        Map<String, String> fields = LogfmtFields.of(line);
        assertEquals("java.lang.RuntimeException: wrapped", fields.get("err"));
        assertTrue(fields.get("stacktrace").contains("Caused by: java.lang.IllegalStateException: disk \"full\""),
                fields.get("stacktrace"));
        assertTrue(fields.get("stacktrace").contains("\n\tat dev.sigyn.server.LogfmtLayoutTest"), fields.get("stacktrace"));
        assertFalse(fields.containsKey("__error__"), fields.toString());
    }

    @Test
    void anExceptionWithoutFramesIsOnlyItsErrField() {
        Exception answered = new Exception("request timed out", null, false, false) {};
        Map<String, String> fields = LogfmtFields.of(layout(Level.WARN, "query failed", answered));
        assertTrue(fields.get("err").endsWith(": request timed out"), fields.toString());
        assertFalse(fields.containsKey("stacktrace"), fields.toString());
    }
}

package dev.sigyn.querier;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {
    private static final long MS = 1_000_000L, S = 1_000_000_000L, M = 60 * S, H = 60 * M;

    @Test
    void printsLikeGoTimeDuration() {
        assertEquals("0s", Durations.formatGo(0));
        assertEquals("7ns", Durations.formatGo(7));
        assertEquals("1.5µs", Durations.formatGo(1_500));
        assertEquals("250ms", Durations.formatGo(250 * MS));
        assertEquals("1.5s", Durations.formatGo(1_500 * MS));
        assertEquals("1m30s", Durations.formatGo(90 * S));
        assertEquals("2h0m0s", Durations.formatGo(2 * H));
        assertEquals("721h0m1s", Durations.formatGo(721 * H + S));
        assertEquals("-1m0.000000001s", Durations.formatGo(-(M + 1)));
    }

    @Test
    void printsLikePrometheusModelDuration() {
        assertEquals("0s", Durations.formatPrometheus(0));
        assertEquals("30d1h", Durations.formatPrometheus(721 * H));
        assertEquals("1w", Durations.formatPrometheus(7 * 24 * H));
        assertEquals("1h30m", Durations.formatPrometheus(90 * M));
        assertEquals("1s500ms", Durations.formatPrometheus(1_500 * MS));
    }

    @Test
    void parsesPrometheusDurations() {
        assertEquals(90 * M, Durations.parsePrometheus("1h30m"));
        assertEquals(0, Durations.parsePrometheus("0"));
        assertEquals(15 * S, Durations.parsePrometheus("15000ms"));
        assertEquals(2 * 7 * 24 * H + 24 * H, Durations.parsePrometheus("2w1d"));
        assertEquals("not a valid duration string: \"30m1h\"",
                assertThrows(IllegalArgumentException.class, () -> Durations.parsePrometheus("30m1h")).getMessage());
        assertEquals("unknown unit \"x\" in duration \"5x\"",
                assertThrows(IllegalArgumentException.class, () -> Durations.parsePrometheus("5x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parsePrometheus("1.5h"));
    }
}

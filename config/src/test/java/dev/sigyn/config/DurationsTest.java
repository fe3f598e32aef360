package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "30s, PT30S",
            "1h30m, PT1H30M",
            "7d, PT168H",
            "1w, PT168H",
            "500ms, PT0.5S",
            "1.5h, PT1H30M",
            "0, PT0S",
            "2h45m30.5s, PT2H45M30.5S",
            "30d1h, PT721H",
            "1y, PT8760H",
            "250us, PT0.00025S",
            "250µs, PT0.00025S",
            "10ns, PT0.00000001S",
    })
    void acceptsGoAndPrometheusForms(String text, Duration expected) {
        assertEquals(expected, Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "1x", "h", "1h30", "-1s", "1.2.3s", "1 h"})
    void rejectsMalformedOrNegativeDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @Test
    void negativeDurationSaysSo() {
        var e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5m"));
        assertEquals("must not be negative", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "PT30M, 30m0s",
            "PT2H, 2h0m0s",
            "PT30S, 30s",
            "PT0.5S, 500ms",
            "PT0.0015S, 1.5ms",
            "PT1M30.5S, 1m30.5s",
            "PT721H, 721h0m0s",
            "PT0S, 0s",
    })
    void printsGoDurationsLikeGo(Duration d, String expected) {
        assertEquals(expected, Durations.formatGo(d));
    }

    @ParameterizedTest
    @CsvSource({
            "PT168H, 1w",
            "PT721H, 30d1h",
            "PT10M, 10m",
            "PT2160H, 90d",
            "PT8760H, 1y",
            "PT1H30M, 1h30m",
            "PT1.5S, 1s500ms",
            "PT0S, 0s",
    })
    void printsPrometheusDurationsLikePrometheus(Duration d, String expected) {
        assertEquals(expected, Durations.formatPrometheus(d));
    }

    @Test
    void prometheusPrintingKeepsSubMillisecondValuesExact() {
        Duration d = Duration.ofNanos(1_500_000_001L);
        assertEquals(d, Durations.parse(Durations.formatPrometheus(d)));
    }
}

package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Duration settings: both Go's and Prometheus' forms are read, each printed back in the form Loki declares. */
class DurationSettingsTest {

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
            "+5m, PT5M",
    })
    void acceptsGoAndPrometheusForms(String text, Duration expected) {
        assertEquals(expected, ValueKind.DURATION.parse(text));
        assertEquals(expected, ValueKind.PROMETHEUS_DURATION.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "1x", "h", "1h30", "-1s", "1.2.3s", "1 h", "1.5d"})
    void rejectsMalformedOrNegativeDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueKind.DURATION.parse(text));
    }

    @Test
    void negativeDurationSaysSo() {
        var e = assertThrows(IllegalArgumentException.class, () -> ValueKind.DURATION.parse("-5m"));
        assertEquals("must not be negative", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"PT30M, 30m0s, 30m", "PT2160H, 2160h0m0s, 90d", "PT1.5S, 1.5s, 1s500ms", "PT0S, 0s, 0s"})
    void printsEachKindInLokisForm(Duration d, String go, String prometheus) {
        assertEquals(go, ValueKind.DURATION.toYamlValue(d));
        assertEquals(prometheus, ValueKind.PROMETHEUS_DURATION.toYamlValue(d));
    }

    @Test
    void prometheusPrintingKeepsSubMillisecondValuesExact() {
        Duration d = Duration.ofNanos(1_500_000_001L);
        assertEquals(d, ValueKind.PROMETHEUS_DURATION.parse((String) ValueKind.PROMETHEUS_DURATION.toYamlValue(d)));
    }
}

package dev.sigyn.querier;

import dev.sigyn.logql.Direction;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LokiParamsTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S; // 2026-11-01T00:00:00Z
    private static final long NOW = T0 + 7200 * S;

    private static FormValues form(String... namesAndValues) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) m.add(namesAndValues[i], namesAndValues[i + 1]);
        return new FormValues(null, m);
    }

    @Test
    void readsEveryTimestampFormatLokiAccepts() {
        assertEquals(T0, LokiParams.timestamp("1793491200", 0), "10 digits are seconds");
        assertEquals(T0, LokiParams.timestamp("1793491200000000000", 0), "longer integers are nanoseconds");
        assertEquals(17_934_912_000L, LokiParams.timestamp("17934912000", 0), "11 digits are already nanoseconds");
        assertEquals(T0 + 123_000_000L, LokiParams.timestamp("1793491200.1234", 0), "float seconds, to the millisecond");
        assertEquals(T0 + 500_000_000L, LokiParams.timestamp("1793491200.5", 0));
        assertEquals(T0, LokiParams.timestamp("2026-11-01T00:00:00Z", 0));
        assertEquals(T0 + 123_456_789L, LokiParams.timestamp("2026-11-01T00:00:00.123456789Z", 0));
        assertEquals(T0 + 100_000_000L, LokiParams.timestamp("2026-11-01T00:00:00.100Z", 0), "Grafana's form");
        assertEquals(T0, LokiParams.timestamp("2026-11-01T02:00:00+02:00", 0));
        assertEquals(42, LokiParams.timestamp("", 42), "empty means the default");
    }

    @Test
    void rejectsOtherTimestampsWithGoMessage() {
        assertEquals("strconv.ParseInt: parsing \"yesterday\": invalid syntax",
                assertThrows(IllegalArgumentException.class, () -> LokiParams.timestamp("yesterday", 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LokiParams.timestamp("2026-13-01T00:00:00Z", 0));
        assertThrows(IllegalArgumentException.class, () -> LokiParams.timestamp("2026-11-01 00:00:00Z", 0));
    }

    @Test
    void rangeDefaultsFollowLoki() {
        LokiParams.RangeParams p = LokiParams.rangeQuery(form("query", "{a=\"b\"}"), NOW);
        assertEquals(NOW, p.endNanos());
        assertEquals(NOW - 3600 * S, p.startNanos());
        assertEquals(100, p.limit());
        assertEquals(Direction.BACKWARD, p.direction());
        assertEquals(14 * S, p.stepNanos(), "max(floor(3600 s / 250), 1) = 14 s");
        assertEquals(0, p.intervalNanos());
    }

    @Test
    void sinceCountsBackFromEndOrNowWhicheverIsEarlier() {
        LokiParams.Bounds past = LokiParams.bounds(form("since", "30m", "end", Long.toString(T0)), NOW);
        assertEquals(T0 - 1800 * S, past.startNanos());
        LokiParams.Bounds future = LokiParams.bounds(form("since", "30m", "end", Long.toString(NOW + 3600 * S)), NOW);
        assertEquals(NOW - 1800 * S, future.startNanos());
        assertEquals(NOW + 3600 * S, future.endNanos());
    }

    @Test
    void stepAndIntervalAcceptSecondsAndDurations() {
        assertEquals(15 * S, LokiParams.secondsOrDuration("15"));
        assertEquals(1_500_000_000L, LokiParams.secondsOrDuration("1.5"));
        assertEquals(15 * S, LokiParams.secondsOrDuration("15000ms"));
        assertEquals(60 * S, LokiParams.secondsOrDuration("1m"));
        assertEquals("cannot parse \"soon\" to a valid duration",
                assertThrows(QueryError.class, () -> LokiParams.secondsOrDuration("soon")).getMessage());
        assertEquals(1, LokiParams.step("", T0, T0 + 10 * S) / S, "a short range still has a 1 s step");
    }

    @Test
    void directionIsCaseInsensitive() {
        assertEquals(Direction.FORWARD, LokiParams.direction(form("direction", "FoRwArD")));
        assertEquals("invalid direction 'sideways'",
                assertThrows(QueryError.class, () -> LokiParams.direction(form("direction", "sideways"))).getMessage());
    }

    @Test
    void limitMustBeAPositiveInteger() {
        assertEquals(5, LokiParams.limit(form("limit", "5")));
        assertEquals("limit must be a positive value",
                assertThrows(QueryError.class, () -> LokiParams.limit(form("limit", "0"))).getMessage());
        assertEquals("strconv.Atoi: parsing \"ten\": invalid syntax",
                assertThrows(QueryError.class, () -> LokiParams.limit(form("limit", "ten"))).getMessage());
    }

    @Test
    void rangeChecksUseLokisMessages() {
        String start = Long.toString(T0), end = Long.toString(T0 + 7200 * S);
        assertEquals("end timestamp must not be before or equal to start time", assertThrows(QueryError.class,
                () -> LokiParams.rangeQuery(form("start", end, "end", start), NOW)).getMessage());
        assertEquals("zero or negative query resolution step widths are not accepted. Try a positive integer",
                assertThrows(QueryError.class,
                        () -> LokiParams.rangeQuery(form("start", start, "end", end, "step", "0"), NOW)).getMessage());
        assertEquals("exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter",
                assertThrows(QueryError.class,
                        () -> LokiParams.rangeQuery(form("start", start, "end", end, "step", "0.5"), NOW)).getMessage());
        assertEquals("interval must be >= 0", assertThrows(QueryError.class,
                () -> LokiParams.rangeQuery(form("start", start, "end", end, "interval", "-1"), NOW)).getMessage());
        assertEquals("could not parse 'end' parameter: strconv.ParseInt: parsing \"x\": invalid syntax",
                assertThrows(QueryError.class, () -> LokiParams.rangeQuery(form("end", "x"), NOW)).getMessage());
        // start == end is allowed, as in Loki.
        assertEquals(T0, LokiParams.rangeQuery(form("start", start, "end", start), NOW).endNanos());
    }
}

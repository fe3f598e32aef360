package dev.sigyn.querier.tail;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A tail's start follows the same bounds as a range query's, as Loki's ParseTailQuery takes them. */
class TailRequestTest {
    private static final long S = 1_000_000_000L;
    private static final long NOW = 1_793_491_200L * S;

    private static TailRequest parse(String... namesAndValues) throws TailRequest.BadRequest {
        MultiMap params = MultiMap.caseInsensitiveMultiMap().add("query", "{app=\"web\"}");
        for (int i = 0; i < namesAndValues.length; i += 2) params.add(namesAndValues[i], namesAndValues[i + 1]);
        return TailRequest.parse(params, NOW);
    }

    @Test
    void startDefaultsToAnHourAgoOrSinceAndTakesLokisTimestampForms() throws Exception {
        assertEquals(NOW - 3600 * S, parse().startNanos());
        assertEquals(NOW - 300 * S, parse("since", "5m").startNanos());
        assertEquals(1_793_491_100L * S, parse("start", "1793491100").startNanos());
        assertEquals(1_793_491_100L * S + 500_000_000L, parse("start", "1793491100.5").startNanos());
        assertEquals(1_793_491_100L * S, parse("start", "2026-10-31T23:58:20Z").startNanos());
    }

    @Test
    void aStartThatDoesNotParseIsRefusedWithTheQueryApisText() {
        TailRequest.BadRequest e = assertThrows(TailRequest.BadRequest.class, () -> parse("start", "soon"));
        assertEquals("could not parse 'start' parameter: strconv.ParseInt: parsing \"soon\": invalid syntax",
                e.getMessage());
    }
}

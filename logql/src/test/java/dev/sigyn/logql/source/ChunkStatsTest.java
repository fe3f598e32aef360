package dev.sigyn.logql.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How much of a chunk a range counts, from the chunk's time span alone. */
class ChunkStatsTest {
    private static final ChunkStats SPAN_100_TO_200 = new ChunkStats(100, 200, 10, 1000);

    @Test
    void aRangeCoveringTheChunkCountsAllOfIt() {
        assertEquals(1.0, SPAN_100_TO_200.share(100, 200));
        assertEquals(1.0, SPAN_100_TO_200.share(0, 1000));
    }

    @Test
    void aPartlyOverlappingRangeCountsThePartOfTheSpanInside() {
        assertEquals(0.5, SPAN_100_TO_200.share(150, 1000));
        assertEquals(0.25, SPAN_100_TO_200.share(0, 125));
        assertEquals(0.1, SPAN_100_TO_200.share(120, 130), 1e-12);
    }

    @Test
    void aRangeOutsideTheChunkCountsNothing() {
        assertEquals(0.0, SPAN_100_TO_200.share(201, 300));
        assertEquals(0.0, SPAN_100_TO_200.share(0, 99));
    }

    @Test
    void aChunkAtOneInstantIsWhollyInOrOut() {
        ChunkStats instant = new ChunkStats(100, 100, 3, 30);
        assertEquals(1.0, instant.share(100, 100));
        assertEquals(1.0, instant.share(0, 100));
        assertEquals(0.0, instant.share(101, 200));
    }
}

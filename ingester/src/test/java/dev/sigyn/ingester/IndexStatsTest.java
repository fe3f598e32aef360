package dev.sigyn.ingester;

import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.IndexFile;
import dev.sigyn.store.index.SeriesChunks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.sigyn.ingester.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** The ingester's share of index/stats and index/volume: the counters of the chunks it has not flushed. */
class IndexStatsTest {
    @TempDir Path dir;

    @Test
    void unflushedChunksAnswerWithTheirEntriesAndLineBytes() throws Exception {
        Ingester ing = new Fixture(dir).start();
        push(ing, "t1", labels("app", "web"), entry(1, "héllo"), entry(5, "world!"));
        push(ing, "t1", labels("app", "api"), entry(2, "api"));
        push(ing, "t2", labels("app", "web"), entry(1, "another tenant"));

        List<StreamStats> web = ing.chunkStats("t1", List.of(eq("app", "web")), T0_NANOS, T0_NANOS + 10 * SECOND);
        assertEquals(1, web.size());
        assertEquals(labels("app", "web"), web.getFirst().labels());
        assertEquals(List.of(new ChunkStats(T0_NANOS + SECOND, T0_NANOS + 5 * SECOND, 2, 6 + 6)), web.getFirst().chunks(),
                "é is two bytes in UTF-8");
        assertEquals(2, ing.chunkStats("t1", List.of(), T0_NANOS, T0_NANOS + 10 * SECOND).size());
        ing.close();
    }

    @Test
    void onlyChunksTouchingTheClosedRangeCount() throws Exception {
        Ingester ing = new Fixture(dir).start();
        push(ing, "t1", labels("app", "web"), entry(1, "a"), entry(5, "b"));

        assertEquals(1, ing.chunkStats("t1", List.of(), T0_NANOS + 5 * SECOND, T0_NANOS + 9 * SECOND).size(),
                "a range starting at the last entry still holds it");
        assertEquals(List.of(), ing.chunkStats("t1", List.of(), T0_NANOS + 6 * SECOND, T0_NANOS + 9 * SECOND));
        assertEquals(List.of(), ing.chunkStats("t1", List.of(), 0, T0_NANOS));
        ing.close();
    }

    @Test
    void aFlushedChunkLeavesTheIngesterWithItsCountersInTheIndex() throws Exception {
        Fixture fx = new Fixture(dir).chunkSizes(100, 1); // the first cut block fills the chunk
        Ingester ing = fx.start();
        String pad = "x".repeat(55);
        push(ing, "t1", labels("app", "web"), entry(1, "one " + pad), entry(2, "two " + pad), entry(3, "three"));

        ing.flushCycle();

        List<ChunkRef> indexed = new ArrayList<>();
        for (String key : fx.store.list("index/")) {
            for (SeriesChunks s : IndexFile.decode(fx.store.get(key)).series()) indexed.addAll(s.chunks());
        }
        assertEquals(1, indexed.size());
        assertEquals(2, indexed.getFirst().entries());
        assertEquals(2L * ("one ".length() + pad.length()), indexed.getFirst().lineBytes());
        List<StreamStats> inMemory = ing.chunkStats("t1", List.of(), 0, Long.MAX_VALUE);
        assertEquals(List.of(new ChunkStats(T0_NANOS + 3 * SECOND, T0_NANOS + 3 * SECOND, 1, 5)),
                inMemory.getFirst().chunks(), "only the open chunk is left in memory");
        ing.close();
    }
}

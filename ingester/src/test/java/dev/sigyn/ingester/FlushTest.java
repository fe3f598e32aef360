package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.InMemoryBlobStore;
import dev.sigyn.store.chunk.Chunk;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.IndexFile;
import dev.sigyn.store.index.ObjectKeys;
import dev.sigyn.store.index.SeriesChunks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sigyn.ingester.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

class FlushTest {
    @TempDir Path dir;

    @Test
    void aChunkIsFlushedWhenItsCompressedBlocksReachTheTargetSize() throws Exception {
        Fixture fx = new Fixture(dir).chunkSizes(100, 1); // the first cut block fills the chunk
        Ingester ing = fx.start();
        String pad = "x".repeat(55);
        push(ing, "t1", labels("app", "web"), entry(1, "one " + pad), entry(2, "two " + pad), entry(3, "three"));

        ing.flushCycle();

        assertEquals(1, fx.store.list("chunks/t1/").size());
        assertEquals(List.of("one " + pad, "two " + pad), storedLines(fx.store, "t1"));
        assertEquals(List.of("three"), allLines(ing, "t1"), "the open chunk stays in memory");
        assertEquals(1.0, flushed(fx, "full"));
        ing.close();
    }

    @Test
    void anIdleChunkIsFlushedAfterTheIdlePeriod() throws Exception {
        Fixture fx = new Fixture(dir).periods(Duration.ofMinutes(5), Duration.ofHours(2));
        Ingester ing = fx.start();
        push(ing, "t1", labels("app", "web"), entry(1, "quiet"));

        fx.clock.advance(Duration.ofMinutes(4));
        ing.flushCycle();
        assertTrue(fx.store.list("chunks/").isEmpty());

        fx.clock.advance(Duration.ofMinutes(1));
        ing.flushCycle();
        assertEquals(List.of("quiet"), storedLines(fx.store, "t1"));
        assertEquals(List.of(), allLines(ing, "t1"));
        assertEquals(Set.of(), ing.series("t1", List.of(), 0, Long.MAX_VALUE), "a flushed stream leaves memory");
        assertEquals(1.0, flushed(fx, "idle"));
        ing.close();
    }

    @Test
    void aChunkIsFlushedWhenItWasOpenedMaxChunkAgeAgo() throws Exception {
        Fixture fx = new Fixture(dir).periods(Duration.ofMinutes(5), Duration.ofMinutes(10));
        Ingester ing = fx.start();
        for (int i = 0; i < 3; i++) {
            push(ing, "t1", labels("app", "web"), entry(i, "busy " + i));
            fx.clock.advance(Duration.ofMinutes(4));
            ing.flushCycle();
        }
        assertEquals(List.of("busy 0", "busy 1", "busy 2"), storedLines(fx.store, "t1"));
        assertEquals(1.0, flushed(fx, "max_age"));
        assertEquals(0.0, flushed(fx, "idle"));
        ing.close();
    }

    @Test
    void flushAllStoresEveryChunkWithOneIndexFilePerTenantAndPeriod() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester ing = fx.start();
        push(ing, "t1", labels("app", "web"), entry(1, "web 1"), entry(2, "web 2"));
        push(ing, "t1", labels("app", "api"), entry(1, "api 1"));
        push(ing, "t2", labels("app", "web"), entry(1, "other tenant"));

        ing.flushAll();

        long period = ObjectKeys.period(T0_NANOS);
        List<String> t1Index = fx.store.list(ObjectKeys.indexPrefix(period, "t1"));
        assertEquals(1, t1Index.size());
        assertTrue(t1Index.getFirst().startsWith(ObjectKeys.indexPrefix(period, "t1") + "ingester-1-"));
        IndexFile index = IndexFile.decode(fx.store.get(t1Index.getFirst()));
        Map<Labels, List<ChunkRef>> series = new HashMap<>();
        for (SeriesChunks s : index.series()) series.put(s.labels(), s.chunks());
        assertEquals(Set.of(labels("app", "web"), labels("app", "api")), series.keySet());
        ChunkRef web = series.get(labels("app", "web")).getFirst();
        assertEquals(T0_NANOS + SECOND, web.fromNanos());
        assertEquals(T0_NANOS + 2 * SECOND, web.throughNanos());
        assertEquals(2, web.entries());
        assertEquals(List.of("web 1", "web 2"), chunkLines(fx.store.get(web.key())));
        assertEquals(List.of("other tenant"), storedLines(fx.store, "t2"));
        assertEquals(List.of(), allLines(ing, "t1"));
        assertEquals(3.0, flushed(fx, "forced"));
        ing.close();
    }

    @Test
    void aChunkSpanningTwoDaysIsIndexedInBothPeriods() throws Exception {
        Fixture fx = new Fixture(dir);
        fx.clock.advance(Duration.ofHours(14));
        Ingester ing = fx.start();
        long midnight = Instant.parse("2024-05-02T00:00:00Z").getEpochSecond() * SECOND;
        push(ing, "t1", labels("app", "web"), new Entry(midnight - SECOND, "before"), new Entry(midnight + SECOND, "after"));

        ing.flushAll();

        long day1 = ObjectKeys.period(midnight - SECOND);
        List<String> first = fx.store.list(ObjectKeys.indexPrefix(day1, "t1"));
        List<String> second = fx.store.list(ObjectKeys.indexPrefix(day1 + 1, "t1"));
        assertEquals(1, first.size());
        assertEquals(1, second.size());
        String key1 = IndexFile.decode(fx.store.get(first.getFirst())).series().getFirst().chunks().getFirst().key();
        String key2 = IndexFile.decode(fx.store.get(second.getFirst())).series().getFirst().chunks().getFirst().key();
        assertEquals(key1, key2);
        ing.close();
    }

    @Test
    void aChunkThatCouldNotBeStoredStaysInMemoryAndIsRetried() throws Exception {
        FlakyStore store = new FlakyStore();
        Fixture fx = new Fixture(dir, store);
        Ingester ing = fx.start();
        push(ing, "t1", labels("app", "web"), entry(1, "precious"));
        store.failChunks = true;

        assertThrows(IOException.class, ing::flushAll);
        assertEquals(List.of("precious"), allLines(ing, "t1"));
        assertTrue(fx.metrics.counter("sigyn.ingester.flush.failures", "object", "chunk").count() >= 1);

        store.failChunks = false;
        ing.flushCycle();
        assertEquals(List.of("precious"), storedLines(store, "t1"));
        assertEquals(List.of(), allLines(ing, "t1"));
        ing.close();
    }

    @Test
    void aChunkWhoseIndexFileFailedIsNotStoredTwice() throws Exception {
        FlakyStore store = new FlakyStore();
        Fixture fx = new Fixture(dir, store);
        Ingester ing = fx.start();
        push(ing, "t1", labels("app", "web"), entry(1, "precious"));
        store.failIndexes = true;

        assertThrows(IOException.class, ing::flushAll);
        assertEquals(List.of("precious"), allLines(ing, "t1"), "without an index entry the chunk must stay queryable");

        store.failIndexes = false;
        ing.flushCycle();
        assertEquals(List.of("precious"), storedLines(store, "t1"));
        assertEquals(1, store.chunkPuts.get());
        assertEquals(List.of(), allLines(ing, "t1"));
        ing.close();
    }

    @Test
    void closeFlushesEverythingWhenFlushOnShutdownIsSet() throws Exception {
        Fixture fx = new Fixture(dir).wal(true, true);
        Ingester first = fx.start();
        push(first, "t1", labels("app", "web"), entry(1, "stored at shutdown"));
        first.close();

        assertEquals(List.of("stored at shutdown"), storedLines(fx.store, "t1"));
        Ingester second = fx.start();
        assertEquals(List.of(), allLines(second, "t1"), "the WAL holds nothing that is already stored");
        second.close();
    }

    @Test
    void ingestedLinesAndBytesAreCounted() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester ing = fx.start();
        push(ing, "t1", labels("app", "web"), entry(1, "abc"), entry(2, "de"), entry(2, "de"));

        assertEquals(2.0, fx.metrics.counter("sigyn.ingester.ingested.lines").count());
        assertEquals(5.0, fx.metrics.counter("sigyn.ingester.ingested.bytes").count());
        assertEquals(1.0, fx.metrics.get("sigyn.ingester.memory.streams").gauge().value());
        ing.close();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static double flushed(Fixture fx, String reason) {
        return fx.metrics.counter("sigyn.ingester.chunks.flushed", "reason", reason).count();
    }

    /** Lines of every chunk the tenant's index files name, in index order. */
    private static List<String> storedLines(BlobStore store, String tenant) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String key : store.list("index/")) {
            if (!key.contains("/" + tenant + "/")) continue;
            for (SeriesChunks s : IndexFile.decode(store.get(key)).series()) {
                for (ChunkRef ref : s.chunks()) lines.addAll(chunkLines(store.get(ref.key())));
            }
        }
        return lines;
    }

    private static List<String> chunkLines(byte[] chunk) throws IOException {
        List<String> lines = new ArrayList<>();
        Chunk.decode(chunk).scan(Long.MIN_VALUE, Long.MAX_VALUE,
                (ts, buf, off, len, md) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        return lines;
    }

    /** An in-memory store whose chunk or index writes can be made to fail. */
    private static final class FlakyStore implements BlobStore {
        final InMemoryBlobStore delegate = new InMemoryBlobStore();
        volatile boolean failChunks;
        volatile boolean failIndexes;
        final AtomicInteger chunkPuts = new AtomicInteger();

        @Override public byte[] get(String key) throws IOException { return delegate.get(key); }
        @Override public List<String> list(String prefix) throws IOException { return delegate.list(prefix); }
        @Override public void delete(String key) throws IOException { delegate.delete(key); }

        @Override
        public void put(String key, byte[] data) throws IOException {
            if (key.startsWith("chunks/")) {
                if (failChunks) throw new IOException("store unavailable");
                chunkPuts.incrementAndGet();
            }
            if (key.startsWith("index/") && failIndexes) throw new IOException("store unavailable");
            delegate.put(key, data);
        }
    }
}

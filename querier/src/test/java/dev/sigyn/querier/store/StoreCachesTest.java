package dev.sigyn.querier.store;

import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.InMemoryBlobStore;
import dev.sigyn.store.index.ChunkRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sigyn.querier.store.StoreLogSourceTest.*;
import static org.junit.jupiter.api.Assertions.*;

/** How the store reader uses the object store: which objects it fetches, on which threads, and what it caches. */
class StoreCachesTest {
    private final List<StoreLogSource> sources = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        sources.forEach(StoreLogSource::close);
    }

    private StoreLogSource source(BlobStore store, long chunkCache, long indexCache) {
        StoreLogSource s = new StoreLogSource(store, chunkCache, indexCache, registry);
        sources.add(s);
        return s;
    }

    private double requests(String cache, String result) {
        return registry.get("sigyn.store.cache.requests").tag("cache", cache).tag("result", result).functionCounter().count();
    }

    @Test
    void aRepeatedQueryIsAnsweredFromTheCachesAndTheMetersSaySo() throws IOException {
        RecordingStore store = new RecordingStore();
        List<ChunkRef> refs = new ArrayList<>();
        for (int c = 0; c < 3; c++) refs.add(writeChunk(store, "t1", WEB, lines(T0 + c * 100 * SEC, 10, "c" + c + "-"), 4));
        new StoreLogSourceTest().writeIndex(store, "t1", WEB, refs);
        StoreLogSource src = source(store, 1 << 20, 1 << 20);
        var q = query(Direction.FORWARD, 1000, LineFilter.ALL, T0, T0 + 1000 * SEC, eq("app", "web"));

        assertEquals(30, CollectedStreams.scan(src, "t1", q).getFirst().entries().size());
        assertEquals(3, store.chunkGets.get());
        assertEquals(1, store.indexGets.get());
        assertEquals(3.0, requests("chunks", "miss"));
        assertEquals(1.0, requests("index", "miss"));

        assertEquals(30, CollectedStreams.scan(src, "t1", q).getFirst().entries().size());
        assertEquals(3, store.chunkGets.get(), "chunks come from the cache the second time");
        assertEquals(1, store.indexGets.get(), "so does the index file (it is listed again, not read again)");
        assertEquals(3.0, requests("chunks", "hit"));
        assertEquals(1.0, requests("index", "hit"));
        assertEquals(1 << 20, registry.get("sigyn.store.cache.capacity").tag("cache", "chunks").gauge().value());
        double chunkBytes = registry.get("sigyn.store.cache.size").tag("cache", "chunks").gauge().value();
        long stored = refs.stream().mapToLong(ChunkRef::sizeBytes).sum();
        assertTrue(chunkBytes >= stored && chunkBytes < 2 * stored, "cache weight " + chunkBytes + " for " + stored + " stored bytes");
        assertEquals(3, registry.get("sigyn.store.fetch.duration").tag("object", "chunk").timer().count());
    }

    @Test
    void onlyChunksOverlappingTheQueryRangeAreFetched() throws IOException {
        RecordingStore store = new RecordingStore();
        List<ChunkRef> refs = new ArrayList<>();
        for (int c = 0; c < 5; c++) refs.add(writeChunk(store, "t1", WEB, lines(T0 + c * 100 * SEC, 10, "c" + c + "-"), 4));
        new StoreLogSourceTest().writeIndex(store, "t1", WEB, refs);
        StoreLogSource src = source(store, 1 << 20, 1 << 20);

        List<StreamResult> r = CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 1000, LineFilter.ALL,
                T0 + 205 * SEC, T0 + 208 * SEC, eq("app", "web")));
        assertEquals(List.of("c2-5", "c2-6", "c2-7"), linesOf(r.getFirst()));
        assertEquals(List.of(refs.get(2).key()), store.chunkKeys);
    }

    @Test
    void chunksAreFetchedInParallelOnTheFetchPoolNotOnTheCallingThread() throws Exception {
        RecordingStore store = new RecordingStore();
        store.chunkDelayMillis = 150;
        List<ChunkRef> refs = new ArrayList<>();
        for (int c = 0; c < 6; c++) refs.add(writeChunk(store, "t1", WEB, lines(T0 + c * 100 * SEC, 5, "c" + c + "-"), 5));
        new StoreLogSourceTest().writeIndex(store, "t1", WEB, refs);
        StoreLogSource src = source(store, 1 << 20, 1 << 20);

        long start = System.nanoTime();
        List<Entry> entries = CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 1000, LineFilter.ALL, T0, T0 + 1000 * SEC,
                eq("app", "web"))).getFirst().entries();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(30, entries.size());
        assertTrue(store.maxConcurrentChunkGets.get() >= 3, "at most " + store.maxConcurrentChunkGets + " fetches at once");
        assertTrue(millis < 6 * 150, "6 fetches of 150 ms one after another would take 900 ms, took " + millis);
        assertFalse(store.threads.contains(Thread.currentThread().getName()));
        assertTrue(store.threads.stream().allMatch(t -> t.startsWith("sigyn-store-fetch-")), store.threads.toString());
    }

    @Test
    void aZeroSizedCacheKeepsNothing() throws IOException {
        RecordingStore store = new RecordingStore();
        ChunkRef ref = writeChunk(store, "t1", WEB, lines(T0, 5, "x"), 5);
        new StoreLogSourceTest().writeIndex(store, "t1", WEB, List.of(ref));
        StoreLogSource src = source(store, 0, 1 << 20);
        var q = query(Direction.FORWARD, 1000, LineFilter.ALL, T0, T0 + 100 * SEC, eq("app", "web"));
        for (int i = 0; i < 3; i++) assertEquals(5, CollectedStreams.scan(src, "t1", q).getFirst().entries().size());
        assertEquals(3, store.chunkGets.get(), "with chunk_cache max_size_mb 0 every query reads the chunk");
    }

    @Test
    void aZeroSizedIndexCacheReadsTheIndexForEveryQuery() throws IOException {
        RecordingStore store = new RecordingStore();
        ChunkRef ref = writeChunk(store, "t1", WEB, lines(T0, 5, "x"), 5);
        new StoreLogSourceTest().writeIndex(store, "t1", WEB, List.of(ref));
        var q = query(Direction.FORWARD, 1000, LineFilter.ALL, T0, T0 + 100 * SEC, eq("app", "web"));
        StoreLogSource cached = source(store, 1 << 20, 1 << 20);
        for (int i = 0; i < 3; i++) CollectedStreams.scan(cached, "t1", q);
        int cachedReads = store.indexGets.get();
        StoreLogSource uncached = source(store, 1 << 20, 0);
        for (int i = 0; i < 3; i++) CollectedStreams.scan(uncached, "t1", q);
        assertEquals(3 * cachedReads, store.indexGets.get() - cachedReads,
                "with index_queries_cache_config max_size_mb 0 every query reads the index files");
    }

    @Test
    void aFailedReadIsNotCachedSoTheNextQueryTriesAgain() throws IOException {
        RecordingStore store = new RecordingStore();
        ChunkRef ref = writeChunk(store, "t1", WEB, lines(T0, 5, "x"), 5);
        new StoreLogSourceTest().writeIndex(store, "t1", WEB, List.of(ref));
        StoreLogSource src = source(store, 1 << 20, 1 << 20);
        var q = query(Direction.FORWARD, 1000, LineFilter.ALL, T0, T0 + 100 * SEC, eq("app", "web"));

        store.failChunkReads = true;
        IOException e = assertThrows(IOException.class, () -> CollectedStreams.scan(src, "t1", q));
        assertTrue(e.getMessage().contains("store unreachable"), e.getMessage());
        store.failChunkReads = false;
        assertEquals(5, CollectedStreams.scan(src, "t1", q).getFirst().entries().size());
        assertEquals(2, store.chunkGets.get());
        assertEquals(5, CollectedStreams.scan(src, "t1", q).getFirst().entries().size());
        assertEquals(2, store.chunkGets.get(), "cached once it was read");
    }

    /** An in-memory store that counts reads and their concurrency, and can make chunk reads slow. */
    private static final class RecordingStore implements BlobStore {
        final InMemoryBlobStore delegate = new InMemoryBlobStore();
        final AtomicInteger chunkGets = new AtomicInteger();
        final AtomicInteger indexGets = new AtomicInteger();
        final List<String> chunkKeys = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxConcurrentChunkGets = new AtomicInteger();
        volatile long chunkDelayMillis;
        volatile boolean failChunkReads;

        @Override
        public byte[] get(String key) throws IOException {
            if (key.startsWith("index/")) indexGets.incrementAndGet();
            if (!key.startsWith("chunks/")) return delegate.get(key);
            chunkGets.incrementAndGet();
            chunkKeys.add(key);
            threads.add(Thread.currentThread().getName());
            int now = inFlight.incrementAndGet();
            maxConcurrentChunkGets.accumulateAndGet(now, Math::max);
            try {
                if (failChunkReads) throw new IOException("store unreachable");
                if (chunkDelayMillis > 0) Thread.sleep(chunkDelayMillis);
                return delegate.get(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override public void put(String key, byte[] data) throws IOException { delegate.put(key, data); }
        @Override public List<String> list(String prefix) throws IOException { return delegate.list(prefix); }
        @Override public void delete(String key) throws IOException { delegate.delete(key); }
    }
}

package dev.sigyn.ingester;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.chunk.Chunk;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.IndexFile;
import dev.sigyn.store.index.ObjectKeys;
import dev.sigyn.store.index.SeriesChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * One flush cycle: picks the chunks that are due, stores them, writes one index file per (tenant, period) naming
 * them, and only then drops them from memory. A chunk whose store or index write failed stays in memory and is
 * tried again next cycle (it is not stored twice: its ref is remembered). A cycle stops storing chunks at the first
 * failed write, and writing index files at the first failed index write: the store already retried the write with
 * backoff, so it is most likely down, and trying every other object would only pile up timeouts. Chunks are tried
 * fewest-failures first, so one chunk that always fails cannot keep the others from being flushed. Not
 * thread-safe: the ingester runs one cycle at a time.
 */
final class Flusher {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);

    private final BlobStore store;
    private final String writerId;
    private final IngesterConfig cfg;
    private final IngesterMetrics metrics;
    private final Clock clock;
    /** The ingester's count of line bytes held in memory; lowered by what each cycle drops. */
    private final AtomicLong unflushedBytes;
    private long lastIndexSequence;
    /** The first failed write of the running cycle, for one warning per cycle. */
    private Exception firstFailure;

    Flusher(BlobStore store, String writerId, IngesterConfig cfg, IngesterMetrics metrics, Clock clock,
            AtomicLong unflushedBytes) {
        this.store = store;
        this.writerId = writerId;
        this.cfg = cfg;
        this.metrics = metrics;
        this.clock = clock;
        this.unflushedBytes = unflushedBytes;
    }

    /** A due chunk and the stream it belongs to. */
    private record Pending(TenantStreams tenant, Stream stream, MemChunk chunk) {}

    /** Returns the number of chunks that are due but could not be flushed this time. */
    int flush(Collection<TenantStreams> tenants, boolean force) {
        long now = clock.millis();
        List<Pending> due = new ArrayList<>();
        for (TenantStreams t : tenants) {
            for (Stream s : t.all()) {
                List<MemChunk> chunks = s.chunksToFlush(now, cfg.chunkIdlePeriod().toMillis(), cfg.maxChunkAge().toMillis(), force);
                for (MemChunk c : chunks) due.add(new Pending(t, s, c));
                // A stream whose every entry was refused holds nothing but still counts against the stream limit.
                if (chunks.isEmpty()) t.removeIfEmpty(s);
            }
        }
        if (due.isEmpty()) return 0;
        due.sort(Comparator.comparingInt(p -> p.chunk().failedFlushes())); // stable: otherwise in stream order
        long start = System.nanoTime();
        firstFailure = null;
        List<Pending> stored = storeChunks(due);
        List<Pending> indexed = writeIndexes(stored);
        for (Pending p : indexed) {
            p.stream().dropFlushed(List.of(p.chunk()));
            unflushedBytes.addAndGet(-p.chunk().lineBytes());
            metrics.chunkFlushed(p.chunk().closedReason(), p.chunk().stored().sizeBytes());
        }
        for (Pending p : indexed) p.tenant().removeIfEmpty(p.stream());
        metrics.flushDuration(System.nanoTime() - start);
        int notFlushed = due.size() - indexed.size();
        if (firstFailure != null) {
            log.warn("flushing to the object store failed; {} of {} due chunks stay in memory and in the WAL and are"
                    + " retried: {}", notFlushed, due.size(), firstFailure.toString());
        }
        log.debug("flushed {} of {} due chunks in {} ms", indexed.size(), due.size(), (System.nanoTime() - start) / 1_000_000);
        return notFlushed;
    }

    private void failed(String object, Exception e) {
        if (firstFailure == null) firstFailure = e;
        metrics.flushFailed(object);
    }

    private List<Pending> storeChunks(List<Pending> due) {
        List<Pending> stored = new ArrayList<>(due.size());
        boolean storeFailed = false;
        for (Pending p : due) {
            MemChunk c = p.chunk();
            if (c.stored() == null) {
                if (storeFailed) continue; // the store just failed a write: the rest wait for the next cycle
                try {
                    byte[] data = new Chunk(c.blocks()).encode();
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    String key = ObjectKeys.chunkKey(p.tenant().tenant, p.stream().labels.fingerprint(),
                            c.minTimestamp(), c.maxTimestamp(), (int) crc.getValue());
                    store.put(key, data);
                    c.stored(new ChunkRef(key, c.minTimestamp(), c.maxTimestamp(), c.entryCount(), data.length, c.lineBytes()));
                } catch (IOException | RuntimeException e) {
                    log.debug("could not store a chunk of {} {} (will retry): {}", p.tenant().tenant, p.stream().labels, e.toString());
                    c.flushFailed();
                    failed("chunk", e);
                    storeFailed = true;
                    continue;
                }
            }
            stored.add(p);
        }
        return stored;
    }

    /** Writes the index files; returns the chunks every index file of which was written. */
    private List<Pending> writeIndexes(List<Pending> stored) {
        // tenant -> period -> stream labels -> chunk refs
        Map<String, Map<Long, Map<Labels, List<ChunkRef>>>> byFile = new TreeMap<>();
        for (Pending p : stored) {
            ChunkRef ref = p.chunk().stored();
            for (long period = ObjectKeys.period(ref.fromNanos()); period <= ObjectKeys.period(ref.throughNanos()); period++) {
                byFile.computeIfAbsent(p.tenant().tenant, k -> new TreeMap<>())
                        .computeIfAbsent(period, k -> new TreeMap<>())
                        .computeIfAbsent(p.stream().labels, k -> new ArrayList<>()).add(ref);
            }
        }
        Map<MemChunk, Boolean> failed = new IdentityHashMap<>();
        boolean storeFailed = false;
        for (Map.Entry<String, Map<Long, Map<Labels, List<ChunkRef>>>> tenant : byFile.entrySet()) {
            for (Map.Entry<Long, Map<Labels, List<ChunkRef>>> period : tenant.getValue().entrySet()) {
                List<SeriesChunks> series = new ArrayList<>();
                period.getValue().forEach((labels, refs) -> series.add(new SeriesChunks(labels, refs)));
                String key = ObjectKeys.indexKey(period.getKey(), tenant.getKey(), writerId, nextIndexSequence());
                boolean tried = !storeFailed; // after a failed index write the rest wait for the next cycle
                try {
                    if (!tried) throw new IOException("not tried: an earlier write of this flush cycle failed");
                    store.put(key, new IndexFile(tenant.getKey(), period.getKey(), series).encode());
                } catch (IOException | RuntimeException e) {
                    log.debug("could not write index file {} (its chunks stay in memory): {}", key, e.toString());
                    if (tried) failed("index", e);
                    storeFailed = true;
                    for (Pending p : stored) {
                        if (p.tenant().tenant.equals(tenant.getKey()) && coversPeriod(p.chunk().stored(), period.getKey())) {
                            if (failed.put(p.chunk(), true) == null && tried) p.chunk().flushFailed();
                        }
                    }
                }
            }
        }
        List<Pending> done = new ArrayList<>(stored.size());
        for (Pending p : stored) if (!failed.containsKey(p.chunk())) done.add(p);
        return done;
    }

    private static boolean coversPeriod(ChunkRef ref, long period) {
        return ObjectKeys.period(ref.fromNanos()) <= period && period <= ObjectKeys.period(ref.throughNanos());
    }

    /** Unique and increasing per writer, close to the wall clock in nanoseconds. */
    private long nextIndexSequence() {
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        lastIndexSequence = Math.max(lastIndexSequence + 1, nanos);
        return lastIndexSequence;
    }
}

package dev.sigyn.querier.store;

import dev.sigyn.querier.QueryThreads;

import dev.sigyn.logql.Cancellation;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LinePipelines;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.bytes.MalformedDataException;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.Chunk;
import dev.sigyn.store.chunk.EntryVisitor;
import dev.sigyn.store.chunk.LiteralSearch;
import dev.sigyn.store.index.ChunkRef;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongPredicate;

/**
 * Reads flushed log data from object storage: index files narrow the query to streams and chunks, chunks are fetched
 * in parallel and scanned for the query's time range and line filter. Thread-safe; calls block, so call them from a
 * worker thread, never from an event loop. {@link #close()} stops its thread pools.
 *
 * <p>Streams are scanned on the reader's own threads, a few of each query at a time ({@link StreamScans}). A scan
 * follows its query's {@link QueryContext}: it stops once the query is cancelled (checked per stream, per chunk and,
 * through the chunk scan's keep-going test, per block and entry), and what a log query's collectors hold while
 * reading counts against the query's memory budget.
 */
public final class StoreLogSource implements LogSource, IndexStatsSource, AutoCloseable {
    private static final int FETCH_THREADS = 8;
    /** Chunks of a stream requested ahead of the one being scanned, to overlap fetching with decoding. */
    private static final int LOOKAHEAD = 4;
    /** Chunks of one run held at once by a metric scan (see {@link #scanStreamInto}); package-private for tests. */
    static final int MAX_PENDING_CHUNKS = 16;

    private final ExecutorService fetchPool;
    private final ExecutorService scanPool;
    /** The scan pool's size, which is also how many streams of one query are scanned at once. */
    private final int scanThreads;
    private final IndexReader indexes;
    private final ChunkFetcher chunks;

    /** {@code cacheBytes} bounds the caches: a quarter for decoded index files, the rest for chunks. No metrics. */
    public StoreLogSource(BlobStore store, long cacheBytes) {
        this(store, Math.max(0, cacheBytes) - Math.max(0, cacheBytes) / 4, Math.max(0, cacheBytes) / 4, null);
    }

    /**
     * A reader with a chunk cache and an index-file cache of the given sizes (stored bytes of the cached objects;
     * 0 disables a cache), whose cache and fetch meters go to {@code registry} (null: none).
     */
    public StoreLogSource(BlobStore store, long chunkCacheBytes, long indexCacheBytes, MeterRegistry registry) {
        this.fetchPool = Executors.newFixedThreadPool(FETCH_THREADS, QueryThreads.factory("sigyn-store-fetch-"));
        this.scanThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.scanPool = Executors.newFixedThreadPool(scanThreads, QueryThreads.factory("sigyn-store-scan-"));
        StoreMetrics metrics = registry == null ? StoreMetrics.NONE : new StoreMetrics(registry);
        this.indexes = new IndexReader(store, fetchPool, indexCacheBytes, metrics);
        this.chunks = new ChunkFetcher(store, fetchPool, chunkCacheBytes, metrics);
    }

    /**
     * Each stream keeps its first {@code limit} entries in the query's direction (see {@link #scanInDirection}),
     * collected before they go to the sink; what a stream holds is charged to the query's memory budget meanwhile.
     */
    private void scanCollected(String tenant, StreamQuery query, StreamSink sink) throws IOException {
        QueryContext context = query.context();
        Map<Labels, List<ChunkRef>> series = streams(tenant, query);
        List<StreamScans.Task<Void>> scans = new ArrayList<>(series.size());
        series.forEach((labels, refs) -> scans.add(() -> {
            try (MemoryBudget.Account reading = context.memory().account()) {
                StreamCollector collector = new StreamCollector(query.direction(), query.limit(), reading);
                scanInDirection(refs, query, collector::offer, collector::couldAccept);
                if (!collector.isEmpty()) collector.emit(sink.open(labels));
            }
            return null;
        }));
        StreamScans.run(scans, scanPool, scanThreads, context.cancellation());
    }

    /** The query's streams and their chunks, from the index; checks for cancellation before and after. */
    private Map<Labels, List<ChunkRef>> streams(String tenant, StreamQuery query) throws IOException {
        query.context().checkCancelled();
        Map<Labels, List<ChunkRef>> series = indexes.select(tenant, query.matchers(), query.startNanos(), query.endNanos() - 1);
        query.context().checkCancelled();
        return series;
    }

    /**
     * Visits the entries of a stream's chunks that are in range and pass the query's filter, in the query's
     * direction, while {@code wanted} accepts their time: it stops at the first chunk whose nearest entry is not
     * wanted, and inside a chunk at the first such entry ({@code wanted} must stay false for every later time once it
     * is false for one). A scan cut short by the query's cancellation throws instead of returning.
     */
    private void scanInDirection(List<ChunkRef> refs, StreamQuery q, EntryVisitor receiver, LongPredicate wanted)
            throws IOException {
        boolean forward = q.direction() == Direction.FORWARD;
        List<ChunkRef> ordered = new ArrayList<>(refs);
        ordered.sort(forward ? Comparator.comparingLong(ChunkRef::fromNanos)
                : Comparator.comparingLong(ChunkRef::throughNanos).reversed());
        LineFilter filter = q.filter() == null ? LineFilter.ALL : q.filter();
        LiteralSearch literals = LiteralSearch.of(filter.requiredLiterals());
        EntryVisitor visitor = (ts, buf, off, len, metadata) -> {
            if (filter.test(buf, off, len)) receiver.visit(ts, buf, off, len, metadata);
        };
        Cancellation cancellation = q.context().cancellation();
        LongPredicate keepGoing = ts -> !cancellation.isCancelled() && wanted.test(ts);
        List<CompletableFuture<Chunk>> fetches = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            cancellation.check();
            ChunkRef ref = ordered.get(i);
            long nearest = forward ? Math.max(ref.fromNanos(), q.startNanos()) : Math.min(ref.throughNanos(), q.endNanos() - 1);
            if (!wanted.test(nearest)) break; // chunks are in direction order: no later one has a wanted entry
            while (fetches.size() < Math.min(ordered.size(), i + LOOKAHEAD)) fetches.add(chunks.fetch(ordered.get(fetches.size()).key()));
            Chunk chunk = Futures.join(fetches.get(i));
            if (chunk == null) continue;
            try {
                chunk.scan(q.startNanos(), q.endNanos(), q.direction(), visitor, keepGoing, literals);
            } catch (MalformedDataException e) {
                throw new IOException("chunk " + ref.key() + " is corrupt: " + e.getMessage(), e);
            }
        }
        cancellation.check(); // a scan cut short by a cancellation is not an answer
    }

    /**
     * Runs the query's pipeline on the reader's threads, streams in parallel, each read in the query's direction:
     * a stream stops at the first chunk (and, inside a chunk, the first entry) the answer no longer wants, and
     * entries it does not want skip the pipeline. Only surviving lines become Strings.
     */
    @Override
    public void selectLines(String tenant, StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer)
            throws IOException {
        if (query.startNanos() >= query.endNanos()) return;
        LinePipelines pipelines = new LinePipelines(pipeline);
        Map<Labels, List<ChunkRef>> series = streams(tenant, query);
        List<StreamScans.Task<Void>> scans = new ArrayList<>(series.size());
        series.forEach((labels, refs) -> scans.add(() -> {
            scanStreamLines(refs, query, pipelines.forStream(labels, answer), answer);
            return null;
        }));
        StreamScans.run(scans, scanPool, scanThreads, query.context().cancellation());
    }

    private void scanStreamLines(List<ChunkRef> refs, StreamQuery q, LineSink lines, LogLineSink answer)
            throws IOException {
        scanInDirection(refs, q, lines::accept, answer::wants);
        lines.end();
    }

    /**
     * Streams each selected stream's lines to the sink without making Strings, streams in parallel. A query with a
     * per-stream limit or read backward collects each stream's entries first ({@link #scanCollected}).
     */
    @Override
    public void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException {
        if (query.startNanos() >= query.endNanos()) return;
        if (query.limit() > 0 || query.direction() != Direction.FORWARD) {
            scanCollected(tenant, query, sink);
            return;
        }
        Map<Labels, List<ChunkRef>> series = streams(tenant, query);
        List<StreamScans.Task<Void>> scans = new ArrayList<>(series.size());
        series.forEach((labels, refs) -> scans.add(() -> {
            scanStreamInto(labels, refs, query, sink);
            return null;
        }));
        StreamScans.run(scans, scanPool, scanThreads, query.context().cancellation());
    }

    /**
     * Chunks are read in runs: a chunk starting after every earlier chunk ended is scanned on its own; chunks
     * overlapping in time (entries that arrived late, or replicas) are scanned as one chunk made of all their blocks,
     * which merges the blocks whose times overlap as they are read (ties in chunk order). Repeats of (timestamp, line)
     * are dropped in both cases.
     *
     * <p>Consecutive chunks of a stream often overlap by a few entries, so over a long range a run can be the whole
     * stream. To keep only a few chunks at hand, once {@value #MAX_PENDING_CHUNKS} are pending the entries before the
     * next chunk's first timestamp are scanned (no later chunk can hold one), and the blocks that end before it are
     * let go; the blocks straddling that point are decompressed again for the next part.
     */
    private void scanStreamInto(Labels labels, List<ChunkRef> refs, StreamQuery q, StreamSink sink) throws IOException {
        List<ChunkRef> ordered = new ArrayList<>(refs);
        ordered.sort(Comparator.comparingLong(ChunkRef::fromNanos));
        LineFilter filter = q.filter() == null ? LineFilter.ALL : q.filter();
        LiteralSearch literals = LiteralSearch.of(filter.requiredLiterals());
        Cancellation cancellation = q.context().cancellation();
        LongPredicate keepGoing = ts -> !cancellation.isCancelled();
        SameTimeRepeats repeats = new SameTimeRepeats();
        LineSink[] lines = new LineSink[1]; // opened at the first line: streams without lines in range are left out
        EntryVisitor emit = (ts, buf, off, len, metadata) -> {
            if (!filter.test(buf, off, len) || repeats.seen(ts, buf, off, len)) return;
            if (lines[0] == null) lines[0] = sink.open(labels);
            lines[0].accept(ts, buf, off, len, metadata);
        };
        List<CompletableFuture<Chunk>> fetches = new ArrayList<>(ordered.size());
        List<PendingChunk> pending = new ArrayList<>();
        long scannedUpTo = q.startNanos(); // every entry before this has been emitted
        long runThrough = Long.MIN_VALUE;
        for (int j = 0; j < ordered.size(); j++) {
            cancellation.check();
            while (fetches.size() < Math.min(ordered.size(), j + LOOKAHEAD)) fetches.add(chunks.fetch(ordered.get(fetches.size()).key()));
            Chunk chunk = Futures.join(fetches.get(j));
            if (chunk != null) pending.add(new PendingChunk(ordered.get(j).key(), new ArrayList<>(chunk.blocks())));
            runThrough = Math.max(runThrough, ordered.get(j).throughNanos());
            boolean runEnds = j + 1 == ordered.size() || ordered.get(j + 1).fromNanos() > runThrough;
            if (runEnds) {
                scanPending(pending, scannedUpTo, q.endNanos(), emit, keepGoing, literals);
                pending.clear();
            } else if (pending.size() >= MAX_PENDING_CHUNKS) {
                long next = ordered.get(j + 1).fromNanos();
                scanPending(pending, scannedUpTo, Math.min(next, q.endNanos()), emit, keepGoing, literals);
                scannedUpTo = Math.max(scannedUpTo, next);
                for (PendingChunk c : pending) c.blocks().removeIf(b -> b.maxTimestamp() < next);
                pending.removeIf(c -> c.blocks().isEmpty());
            }
        }
        cancellation.check(); // a scan cut short by a cancellation must not end its stream as if complete
        if (lines[0] != null) lines[0].end();
    }

    /** Chunks of a run whose blocks are still to be read, some of them possibly in part. */
    private record PendingChunk(String key, List<Block> blocks) {}

    /** Scans [from, through) of the pending chunks' blocks as one chunk, while {@code keepGoing} says so. */
    private static void scanPending(List<PendingChunk> pending, long from, long through, EntryVisitor emit,
                                    LongPredicate keepGoing, LiteralSearch literals) throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (PendingChunk c : pending) blocks.addAll(c.blocks());
        try {
            new Chunk(blocks).scan(from, through, Direction.FORWARD, emit, keepGoing, literals);
        } catch (MalformedDataException e) {
            List<String> keys = pending.stream().map(PendingChunk::key).toList();
            throw new IOException((keys.size() == 1 ? "chunk " : "one of the chunks ") + String.join(", ", keys)
                    + " is corrupt: " + e.getMessage(), e);
        }
    }


    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) throws IOException {
        if (startNanos >= endNanos) return Set.of();
        return new TreeSet<>(indexes.select(tenant, matchers, startNanos, endNanos - 1).keySet());
    }

    /**
     * From the index files alone. A chunk listed only by index files of version 1, which did not record line bytes,
     * is fetched and its line lengths summed; a chunk missing from the store is left out.
     */
    @Override
    public List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos)
            throws IOException {
        if (fromNanos > throughNanos) return List.of();
        List<StreamStats> out = new ArrayList<>();
        for (Map.Entry<Labels, List<ChunkRef>> s : indexes.select(tenant, matchers, fromNanos, throughNanos).entrySet()) {
            List<ChunkStats> stats = new ArrayList<>(s.getValue().size());
            for (ChunkRef ref : s.getValue()) {
                long lineBytes = ref.knowsLineBytes() ? ref.lineBytes() : countLineBytes(ref);
                if (lineBytes >= 0) stats.add(new ChunkStats(ref.fromNanos(), ref.throughNanos(), ref.entries(), lineBytes));
            }
            if (!stats.isEmpty()) out.add(new StreamStats(s.getKey(), stats));
        }
        return out;
    }

    /** The line bytes of a stored chunk, read from its blocks; -1 when the chunk is gone. */
    private long countLineBytes(ChunkRef ref) throws IOException {
        Chunk chunk = Futures.join(chunks.fetch(ref.key()));
        if (chunk == null) return -1;
        long[] bytes = {0};
        try {
            for (Block b : chunk.blocks()) b.decode((ts, buf, off, len, metadata) -> bytes[0] += len);
        } catch (MalformedDataException e) {
            throw new IOException("chunk " + ref.key() + " is corrupt: " + e.getMessage(), e);
        }
        return bytes[0];
    }

    @Override
    public void close() {
        scanPool.shutdownNow();
        fetchPool.shutdownNow();
    }
}

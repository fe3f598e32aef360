package dev.sigyn.querier.store;

import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LabelMatcher.Type;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.QueryCancelledException;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.FileSystemBlobStore;
import dev.sigyn.store.InMemoryBlobStore;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.Chunk;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.IndexFile;
import dev.sigyn.store.index.ObjectKeys;
import dev.sigyn.store.index.SeriesChunks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class StoreLogSourceTest {
    static final long SEC = 1_000_000_000L;
    static final long DAY = ObjectKeys.PERIOD_NANOS;
    /** Noon of some UTC day, so tests can cross midnight on purpose. */
    static final long T0 = 20_000 * DAY + DAY / 2;

    static final Labels WEB = Labels.of("app", "web", "env", "prod");
    static final Labels API = Labels.of("app", "api", "env", "prod");
    static final Labels DEV = Labels.of("app", "web", "env", "dev");

    @TempDir
    Path dir;
    private final List<StoreLogSource> sources = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    @AfterEach
    void closeSources() {
        sources.forEach(StoreLogSource::close);
    }

    private StoreLogSource source(BlobStore store) {
        StoreLogSource s = new StoreLogSource(store, 64 << 20);
        sources.add(s);
        return s;
    }

    private BlobStore store(String kind) throws IOException {
        return kind.equals("fs") ? new FileSystemBlobStore(dir.resolve("bucket")) : new InMemoryBlobStore();
    }

    // ---- writing data the way the ingester does ----

    static Entry e(long ts, String line) { return new Entry(ts, line); }

    /** Stores one chunk (blocks of at most blockSize entries, in the given arrival order) and returns its ref. */
    static ChunkRef writeChunk(BlobStore store, String tenant, Labels labels, List<Entry> arrival, int blockSize) throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < arrival.size(); i += blockSize) {
            List<ChunkEntry> part = new ArrayList<>();
            for (Entry en : arrival.subList(i, Math.min(arrival.size(), i + blockSize))) {
                part.add(new ChunkEntry(en.timestampNanos(), en.line().getBytes(StandardCharsets.UTF_8), en.structuredMetadata()));
            }
            part.sort(Comparator.comparingLong(ChunkEntry::timestampNanos));
            blocks.add(Block.encode(part));
        }
        byte[] data = new Chunk(blocks).encode();
        long from = arrival.stream().mapToLong(Entry::timestampNanos).min().orElseThrow();
        long through = arrival.stream().mapToLong(Entry::timestampNanos).max().orElseThrow();
        String key = ObjectKeys.chunkKey(tenant, labels.fingerprint(), from, through, java.util.Arrays.hashCode(data));
        store.put(key, data);
        long lineBytes = arrival.stream().mapToLong(e -> e.line().getBytes(StandardCharsets.UTF_8).length).sum();
        return new ChunkRef(key, from, through, arrival.size(), data.length, lineBytes);
    }

    /** Writes an index file into every period the chunks touch, as the ingester does on a flush. */
    void writeIndex(BlobStore store, String tenant, Labels labels, List<ChunkRef> refs) throws IOException {
        Set<Long> periods = new LinkedHashSet<>();
        for (ChunkRef r : refs) {
            for (long p = ObjectKeys.period(r.fromNanos()); p <= ObjectKeys.period(r.throughNanos()); p++) periods.add(p);
        }
        for (long p : periods) {
            List<ChunkRef> inPeriod = refs.stream()
                    .filter(r -> ObjectKeys.period(r.fromNanos()) <= p && ObjectKeys.period(r.throughNanos()) >= p).toList();
            IndexFile idx = new IndexFile(tenant, p, List.of(new SeriesChunks(labels, inPeriod)));
            store.put(ObjectKeys.indexKey(p, tenant, "ingester-1", sequence.incrementAndGet()), idx.encode());
        }
    }

    void writeStream(BlobStore store, String tenant, Labels labels, List<List<Entry>> chunks) throws IOException {
        List<ChunkRef> refs = new ArrayList<>();
        for (List<Entry> c : chunks) refs.add(writeChunk(store, tenant, labels, c, 3));
        writeIndex(store, tenant, labels, refs);
    }

    static List<Entry> lines(long start, int n, String prefix) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(e(start + i * SEC, prefix + i));
        return out;
    }

    static StreamQuery query(Direction d, int limit, LineFilter filter, long start, long end, LabelMatcher... m) {
        return new StreamQuery(List.of(m), filter, start, end, d, limit);
    }

    static LabelMatcher eq(String n, String v) { return LabelMatcher.of(n, Type.EQ, v); }

    static List<String> linesOf(StreamResult r) {
        return r.entries().stream().map(Entry::line).toList();
    }

    static LineFilter contains(String s) {
        byte[] needle = s.getBytes(StandardCharsets.UTF_8);
        return (buf, off, len) -> {
            outer:
            for (int i = off; i + needle.length <= off + len; i++) {
                for (int j = 0; j < needle.length; j++) if (buf[i + j] != needle[j]) continue outer;
                return true;
            }
            return false;
        };
    }

    // ---- behaviour ----

    @ParameterizedTest
    @ValueSource(strings = {"memory", "fs"})
    void returnsEntriesOfMatchingStreamsInBothDirections(String kind) throws IOException {
        BlobStore store = store(kind);
        writeStream(store, "t1", WEB, List.of(lines(T0, 5, "w"), lines(T0 + 5 * SEC, 5, "w1")));
        writeStream(store, "t1", API, List.of(lines(T0, 3, "a")));
        StoreLogSource src = source(store);

        List<StreamResult> fwd = CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 100, LineFilter.ALL, T0, T0 + 60 * SEC, eq("app", "web")));
        assertEquals(1, fwd.size());
        assertEquals(WEB, fwd.getFirst().labels());
        assertEquals(List.of("w0", "w1", "w2", "w3", "w4", "w10", "w11", "w12", "w13", "w14"), linesOf(fwd.getFirst()));

        List<StreamResult> bwd = CollectedStreams.scan(src, "t1", query(Direction.BACKWARD, 3, LineFilter.ALL, T0, T0 + 60 * SEC, eq("env", "prod")));
        assertEquals(List.of(API, WEB), bwd.stream().map(StreamResult::labels).toList());
        assertEquals(List.of("a2", "a1", "a0"), linesOf(bwd.get(0)));
        assertEquals(List.of("w14", "w13", "w12"), linesOf(bwd.get(1)));
        assertEquals(T0 + 9 * SEC, bwd.get(1).entries().getFirst().timestampNanos());
    }

    @Test
    void limitTakesTheFirstEntriesInDirectionAcrossOverlappingChunks() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        // The second chunk (flushed later) holds out-of-order entries older than most of the first.
        List<Entry> first = List.of(e(T0 + 1, "b"), e(T0 + 3, "d"), e(T0 + 5, "f"), e(T0 + 7, "h"));
        List<Entry> late = List.of(e(T0, "a"), e(T0 + 2, "c"), e(T0 + 6, "g"));
        writeStream(store, "t1", WEB, List.of(first, late));
        StoreLogSource src = source(store);
        assertEquals(List.of("a", "b", "c"), linesOf(CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 3, LineFilter.ALL, T0, T0 + SEC, eq("app", "web"))).getFirst()));
        assertEquals(List.of("h", "g", "f", "d"), linesOf(CollectedStreams.scan(src, "t1", query(Direction.BACKWARD, 4, LineFilter.ALL, T0, T0 + SEC, eq("app", "web"))).getFirst()));
    }

    @Test
    void lineFilterAndHalfOpenTimeRangeApply() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        writeStream(store, "t1", WEB, List.of(List.of(
                e(T0, "error: disk full"), e(T0 + SEC, "info: ok"), e(T0 + 2 * SEC, "error: again"), e(T0 + 3 * SEC, "error: at end"))));
        StoreLogSource src = source(store);
        List<StreamResult> r = CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 100, contains("error"), T0, T0 + 3 * SEC, eq("app", "web")));
        assertEquals(List.of("error: disk full", "error: again"), linesOf(r.getFirst()));
        assertEquals(List.of(), CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 100, contains("nothing"), T0, T0 + 3 * SEC, eq("app", "web"))));
        assertEquals(List.of(), CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 100, LineFilter.ALL, T0 + 4 * SEC, T0 + 9 * SEC, eq("app", "web"))));
    }

    @Test
    void structuredMetadataAndUtf8LinesComeBackIntact() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        Labels md = Labels.of("trace_id", "0af7651916cd43dd");
        writeStream(store, "t1", WEB, List.of(List.of(new Entry(T0, "grüße 🌍", md), e(T0 + 1, ""))));
        List<Entry> got = CollectedStreams.scan(source(store), "t1", query(Direction.FORWARD, 10, LineFilter.ALL, T0, T0 + SEC, eq("app", "web"))).getFirst().entries();
        assertEquals(List.of(new Entry(T0, "grüße 🌍", md), new Entry(T0 + 1, "", Labels.EMPTY)), got);
    }

    @Test
    void tenantsNeverSeeEachOthersData() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        writeStream(store, "alpha", WEB, List.of(lines(T0, 2, "alpha-")));
        writeStream(store, "alphabet", WEB, List.of(lines(T0, 2, "alphabet-")));
        StoreLogSource src = source(store);
        StreamQuery q = query(Direction.FORWARD, 100, LineFilter.ALL, T0, T0 + 60 * SEC, eq("app", "web"));
        assertEquals(List.of("alpha-0", "alpha-1"), linesOf(CollectedStreams.scan(src, "alpha", q).getFirst()));
        assertEquals(List.of("alphabet-0", "alphabet-1"), linesOf(CollectedStreams.scan(src, "alphabet", q).getFirst()));
        assertEquals(List.of(), CollectedStreams.scan(src, "beta", q));
        assertEquals(Set.of(), src.series("beta", List.of(), T0, T0 + 60 * SEC));
    }

    @Test
    void duplicatesFromReplicasAndPeriodSpanningChunksAreDropped() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        long midnight = T0 + DAY / 2;
        List<Entry> acrossMidnight = List.of(e(midnight - SEC, "before"), e(midnight, "at"), e(midnight + SEC, "after"));
        // Two replicas flushed the same entries as two different chunks; each chunk is indexed in both days.
        ChunkRef replicaA = writeChunk(store, "t1", WEB, acrossMidnight, 2);
        ChunkRef replicaB = writeChunk(store, "t1", WEB, List.of(e(midnight, "at"), e(midnight + SEC, "after"), e(midnight + 2 * SEC, "only-b")), 2);
        writeIndex(store, "t1", WEB, List.of(replicaA, replicaB));
        assertEquals(1, store.list(ObjectKeys.indexPrefix(ObjectKeys.period(midnight) - 1, "t1")).size());
        assertEquals(1, store.list(ObjectKeys.indexPrefix(ObjectKeys.period(midnight), "t1")).size());
        StoreLogSource src = source(store);
        StreamQuery fwd = query(Direction.FORWARD, 100, LineFilter.ALL, midnight - DAY / 4, midnight + DAY / 4, eq("app", "web"));
        assertEquals(List.of("before", "at", "after", "only-b"), linesOf(CollectedStreams.scan(src, "t1", fwd).getFirst()));
        StreamQuery bwd = query(Direction.BACKWARD, 2, LineFilter.ALL, midnight - DAY / 4, midnight + DAY / 4, eq("app", "web"));
        assertEquals(List.of("only-b", "after"), linesOf(CollectedStreams.scan(src, "t1", bwd).getFirst()));
    }

    @Test
    void seriesListsMatchingStreamsWithDataInRange() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        writeStream(store, "t1", WEB, List.of(lines(T0, 2, "w")));
        writeStream(store, "t1", API, List.of(lines(T0 + 3600 * SEC, 2, "a")));
        writeStream(store, "t1", DEV, List.of(lines(T0 + DAY, 2, "d")));
        StoreLogSource src = source(store);
        assertEquals(Set.of(WEB, API), src.series("t1", List.of(), T0, T0 + 2 * 3600 * SEC));
        assertEquals(Set.of(WEB, DEV), src.series("t1", List.of(eq("app", "web")), T0, T0 + 2 * DAY));
        assertEquals(Set.of(API), src.series("t1", List.of(LabelMatcher.of("app", Type.RE, "a.*")), T0, T0 + 2 * DAY));
        assertEquals(Set.of(DEV), src.series("t1", List.of(LabelMatcher.of("env", Type.NEQ, "prod")), T0, T0 + 2 * DAY));
        assertEquals(Set.of(WEB), src.series("t1", List.of(), T0, T0 + 1), "end is exclusive, the first entry is at T0");
        assertEquals(Set.of(), src.series("t1", List.of(), T0 - DAY, T0));
    }

    @Test
    void aNewFlushIsVisibleToTheNextQuery() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        writeStream(store, "t1", WEB, List.of(lines(T0, 2, "old")));
        StoreLogSource src = source(store);
        StreamQuery q = query(Direction.FORWARD, 100, LineFilter.ALL, T0, T0 + 60 * SEC, eq("app", "web"));
        assertEquals(2, CollectedStreams.scan(src, "t1", q).getFirst().entries().size());
        writeStream(store, "t1", WEB, List.of(lines(T0 + 10 * SEC, 2, "new")));
        assertEquals(List.of("old0", "old1", "new0", "new1"), linesOf(CollectedStreams.scan(src, "t1", q).getFirst()));
    }

    @Test
    void aCorruptChunkFailsTheQueryWithIOException() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        ChunkRef ref = writeChunk(store, "t1", WEB, lines(T0, 5, "x"), 2);
        writeIndex(store, "t1", WEB, List.of(ref));
        byte[] data = store.get(ref.key());
        data[10] ^= 0x55;
        store.put(ref.key(), data);
        StoreLogSource src = source(store);
        assertThrows(IOException.class, () -> CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 10, LineFilter.ALL, T0, T0 + 60 * SEC, eq("app", "web"))));
    }

    @Test
    void queriesLongerThanManyPeriodsStillFindTheData() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        writeStream(store, "t1", WEB, List.of(lines(T0, 2, "w")));
        writeStream(store, "t2", WEB, List.of(lines(T0, 2, "other")));
        StoreLogSource src = source(store);
        List<StreamResult> r = CollectedStreams.scan(src, "t1", query(Direction.BACKWARD, 1, LineFilter.ALL, 0, T0 + 365 * DAY, eq("app", "web")));
        assertEquals(List.of("w1"), linesOf(r.getFirst()));
    }

    @Test
    void aSmallLimitReadsOnlyTheChunksItNeeds() throws IOException {
        List<String> reads = java.util.Collections.synchronizedList(new ArrayList<>());
        BlobStore counting = countingChunkReads(new InMemoryBlobStore(), reads);
        List<List<Entry>> chunks = new ArrayList<>();
        for (int c = 0; c < 12; c++) chunks.add(lines(T0 + c * 100 * SEC, 10, "c" + c + "-"));
        writeStream(counting, "t1", WEB, chunks);
        StoreLogSource src = source(counting);

        List<StreamResult> r = CollectedStreams.scan(src, "t1", query(Direction.BACKWARD, 3, LineFilter.ALL, T0, T0 + DAY / 4, eq("app", "web")));
        assertEquals(List.of("c11-9", "c11-8", "c11-7"), linesOf(r.getFirst()));
        List<String> chunkReads;
        synchronized (reads) { // fetches read ahead may still be adding
            chunkReads = List.copyOf(reads);
        }
        assertTrue(chunkReads.size() < 12, "read " + chunkReads.size() + " of 12 chunks");
        assertFalse(chunkReads.stream().anyMatch(k -> k.contains(Long.toHexString(T0) + "-")), "the oldest chunk was read");
    }

    @Test
    void aLogQueryWithAParserStopsReadingOnceItsLimitOfSurvivingLinesIsKnown() throws Exception {
        List<String> chunkReads = java.util.Collections.synchronizedList(new ArrayList<>());
        BlobStore counting = countingChunkReads(new InMemoryBlobStore(), chunkReads);
        // Every third line is an error; the query keeps the newest 5 errors, reformatted.
        List<List<Entry>> chunks = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            List<Entry> chunk = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = c * 30 + i;
                chunk.add(e(T0 + n * SEC, "level=" + (n % 3 == 0 ? "error" : "info") + " n=" + n));
            }
            chunks.add(chunk);
        }
        writeStream(counting, "t1", WEB, chunks);
        StoreLogSource src = source(counting);
        var selector = (dev.sigyn.logql.syntax.LogSelectorExpr) dev.sigyn.logql.syntax.Parser.parseExpr(
                "{app=\"web\"} | logfmt | level=\"error\" | line_format \"{{.n}}\"");
        var answer = new dev.sigyn.logql.eval.FirstLines(Direction.BACKWARD, 5,
                dev.sigyn.logql.MemoryBudget.unlimited().account());

        src.selectLines("t1", query(Direction.BACKWARD, 5, LineFilter.ALL, T0, T0 + DAY / 4, eq("app", "web")),
                selector, answer);

        assertEquals(List.of("597", "594", "591", "588", "585"),
                answer.lines().stream().map(dev.sigyn.logql.LogLine::line).toList());
        assertEquals(Labels.of("app", "web", "env", "prod", "level", "error", "n", "597"),
                answer.lines().getFirst().allLabels());
        // The newest chunk holds the answer; a few more are fetched ahead while it is read, not the other 15.
        assertTrue(chunkReads.size() <= 5, "read " + chunkReads.size() + " of 20 chunks");
        assertTrue(answer.linesRead() <= 30, "ran the pipeline over " + answer.linesRead() + " of 600 lines");
    }

    /** The pipeline path against the same brute-force model: random overlapping chunks with repeats. */
    @Test
    void selectLinesAgreesWithABruteForceModel() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        List<Entry> all = writeRandomChunks(store, new Random(7), 8, 0, 50, 30);
        StoreLogSource src = source(store);
        var selector = (dev.sigyn.logql.syntax.LogSelectorExpr) dev.sigyn.logql.syntax.Parser.parseExpr(
                "{app=\"web\"} |= \"7\" | line_format \"x{{__line__}}\"");
        for (Direction d : Direction.values()) {
            for (int limit : new int[]{1, 5, 37, 1000}) {
                long start = T0 + 10 * SEC, end = T0 + 60 * SEC;
                List<Entry> matching = distinctWithASeven(all, start, end, d);
                List<Entry> expected = matching.subList(0, Math.min(limit, matching.size()));
                var answer = new dev.sigyn.logql.eval.FirstLines(d, limit,
                        dev.sigyn.logql.MemoryBudget.unlimited().account());
                src.selectLines("t1", query(d, limit, contains("7"), start, end, eq("app", "web")), selector, answer);
                List<dev.sigyn.logql.LogLine> got = answer.lines();
                assertEquals(expected.stream().map(Entry::timestampNanos).toList(),
                        got.stream().map(dev.sigyn.logql.LogLine::timestampNanos).toList(), d + " limit " + limit);
                if (limit >= matching.size()) {
                    assertEquals(Set.copyOf(expected.stream().map(en -> en.timestampNanos() + " x" + en.line()).toList()),
                            Set.copyOf(got.stream().map(l -> l.timestampNanos() + " " + l.line()).toList()));
                }
            }
        }
    }

    /** A store that records the chunk objects read from it. */
    private static BlobStore countingChunkReads(BlobStore inner, List<String> chunkReads) {
        return new BlobStore() {
            public byte[] get(String key) throws IOException {
                if (key.startsWith("chunks/")) chunkReads.add(key);
                return inner.get(key);
            }
            public void put(String key, byte[] data) throws IOException { inner.put(key, data); }
            public List<String> list(String prefix) throws IOException { return inner.list(prefix); }
            public void delete(String key) throws IOException { inner.delete(key); }
        };
    }

    @Test
    void indexStatsCountWhatTheLinesHoldWithoutReadingAChunk() throws IOException {
        List<String> chunkReads = java.util.Collections.synchronizedList(new ArrayList<>());
        BlobStore store = countingChunkReads(new InMemoryBlobStore(), chunkReads);
        writeStream(store, "t1", WEB, List.of(lines(T0, 5, "wéb"), lines(T0 + 5 * SEC, 7, "web line ")));
        writeStream(store, "t1", API, List.of(lines(T0, 3, "a")));
        writeStream(store, "t2", WEB, List.of(lines(T0, 3, "other tenant")));
        StoreLogSource src = source(store);

        List<StreamStats> stats = src.chunkStats("t1", List.of(eq("env", "prod")), T0, T0 + DAY);
        assertEquals(List.of(), chunkReads, "no chunk was read");
        List<StreamResult> lines = CollectedStreams.scan(src, "t1", query(Direction.FORWARD, 0, LineFilter.ALL, T0, T0 + DAY, eq("env", "prod")));
        assertEquals(2, stats.size());
        for (StreamStats s : stats) {
            StreamResult read = lines.stream().filter(r -> r.labels().equals(s.labels())).findFirst().orElseThrow();
            assertEquals(read.entries().size(), s.chunks().stream().mapToLong(ChunkStats::entries).sum(), s.labels().toString());
            assertEquals(read.entries().stream().mapToLong(en -> en.line().getBytes(StandardCharsets.UTF_8).length).sum(),
                    s.chunks().stream().mapToLong(ChunkStats::lineBytes).sum(), s.labels().toString());
        }
        assertEquals(List.of(), src.chunkStats("t1", List.of(eq("env", "prod")), T0 + DAY, T0 + 2 * DAY));
    }

    @Test
    void aChunkWhoseIndexDidNotRecordLineBytesIsReadToCountThem() throws IOException {
        List<String> chunkReads = java.util.Collections.synchronizedList(new ArrayList<>());
        BlobStore store = countingChunkReads(new InMemoryBlobStore(), chunkReads);
        ChunkRef ref = writeChunk(store, "t1", WEB, lines(T0, 4, "line-"), 3);
        writeIndex(store, "t1", WEB, List.of(new ChunkRef(ref.key(), ref.fromNanos(), ref.throughNanos(), ref.entries(),
                ref.sizeBytes(), ChunkRef.UNKNOWN_LINE_BYTES)));

        List<StreamStats> stats = source(store).chunkStats("t1", List.of(), T0, T0 + DAY);
        assertEquals(List.of(new ChunkStats(T0, T0 + 3 * SEC, 4, 4 * "line-0".length())), stats.getFirst().chunks());
        assertEquals(List.of(ref.key()), chunkReads);
    }

    /**
     * Writes {@code count} chunks of web's stream (blocks of 7) with 40 random entries each, a fifth of them repeats
     * of earlier entries (as a replica writes them). Chunk c starts at {@code c * stepSeconds} plus up to
     * {@code jitterSeconds}, and its entries spread over {@code widthSeconds}. Returns every entry written, in order.
     */
    private List<Entry> writeRandomChunks(BlobStore store, Random rnd, int count, int stepSeconds, int jitterSeconds,
                                          int widthSeconds) throws IOException {
        List<Entry> all = new ArrayList<>();
        List<ChunkRef> refs = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            List<Entry> chunk = new ArrayList<>();
            long base = T0 + (long) c * stepSeconds * SEC + rnd.nextInt(jitterSeconds) * SEC;
            for (int i = 0; i < 40; i++) {
                Entry en = rnd.nextInt(5) == 0 && !all.isEmpty()
                        ? all.get(rnd.nextInt(all.size()))
                        : e(base + rnd.nextInt(widthSeconds) * SEC, "line-" + rnd.nextInt(1000));
                chunk.add(en);
                all.add(en);
            }
            refs.add(writeChunk(store, "t1", WEB, chunk, 7));
        }
        writeIndex(store, "t1", WEB, refs);
        return all;
    }

    /** The model's answer: distinct entries in [start, end) whose line holds a 7, in direction order. */
    private static List<Entry> distinctWithASeven(List<Entry> all, long start, long end, Direction d) {
        Comparator<Entry> byTime = Comparator.comparingLong(Entry::timestampNanos);
        return all.stream()
                .filter(en -> en.timestampNanos() >= start && en.timestampNanos() < end && en.line().contains("7"))
                .distinct()
                .sorted(d == Direction.FORWARD ? byTime : byTime.reversed())
                .toList();
    }

    /** Random overlapping chunks with duplicates, checked against a brute-force answer. */
    @Test
    void agreesWithABruteForceModel() throws IOException {
        BlobStore store = new InMemoryBlobStore();
        List<Entry> all = writeRandomChunks(store, new Random(42), 8, 0, 50, 30);
        StoreLogSource src = source(store);
        for (Direction d : Direction.values()) {
            for (int limit : new int[]{1, 5, 37, 1000}) {
                long start = T0 + 10 * SEC, end = T0 + 60 * SEC;
                List<Entry> matching = distinctWithASeven(all, start, end, d);
                List<Entry> expected = matching.subList(0, Math.min(limit, matching.size()));
                List<StreamResult> got = CollectedStreams.scan(src, "t1", query(d, limit, contains("7"), start, end, eq("app", "web")));
                List<Entry> entries = got.getFirst().entries();
                assertEquals(expected.size(), entries.size(), d + " limit " + limit);
                // Entries with equal timestamps may come in any order; compare timestamps in order and the sets.
                assertEquals(expected.stream().map(Entry::timestampNanos).toList(), entries.stream().map(Entry::timestampNanos).toList());
                if (limit >= matching.size()) assertEquals(Set.copyOf(expected), Set.copyOf(entries));
            }
        }
    }

    /**
     * The metric path: chunks overlapping in time are merged as they are read. Every distinct entry in range that
     * passes the filter comes once, in time order; with and without a literal to search blocks for.
     */
    @ParameterizedTest
    @ValueSource(ints = {8, StoreLogSource.MAX_PENDING_CHUNKS * 3 + 5})
    void scanAgreesWithABruteForceModel(int chunkCount) throws IOException {
        // The chunks chain into each other in time: with more of them than a scan holds at once, it reads the
        // chain in parts.
        BlobStore store = new InMemoryBlobStore();
        List<Entry> all = writeRandomChunks(store, new Random(43), chunkCount, 20, 20, 40);
        StoreLogSource src = source(store);
        long start = T0 + 10 * SEC, end = T0 + (chunkCount * 20L - 10) * SEC;
        List<Entry> expected = all.stream()
                .filter(en -> en.timestampNanos() >= start && en.timestampNanos() < end && en.line().contains("7"))
                .distinct()
                .sorted(Comparator.comparingLong(Entry::timestampNanos))
                .toList();
        LineFilter plain = contains("7");
        LineFilter withLiteral = new LineFilter() {
            @Override
            public boolean test(byte[] buf, int off, int len) {
                return plain.test(buf, off, len);
            }

            @Override
            public List<byte[]> requiredLiterals() {
                return List.of("7".getBytes(StandardCharsets.UTF_8));
            }
        };
        for (LineFilter filter : List.of(plain, withLiteral)) {
            List<Entry> got = new ArrayList<>();
            src.scan("t1", query(Direction.FORWARD, 0, filter, start, end, eq("app", "web")),
                    labels -> (ts, buf, off, len, md) -> got.add(e(ts, new String(buf, off, len, StandardCharsets.UTF_8))));
            // Entries with equal timestamps from different chunks may come in either order.
            assertEquals(expected.stream().map(Entry::timestampNanos).toList(), got.stream().map(Entry::timestampNanos).toList());
            assertEquals(Set.copyOf(expected), Set.copyOf(got));
        }
    }

    // ---- cancellation ----

    /** A store that counts the chunks read from it, and calls {@code onChunkRead} with the count after each. */
    private static final class CountingStore implements BlobStore {
        final InMemoryBlobStore inner = new InMemoryBlobStore();
        final java.util.concurrent.atomic.AtomicInteger chunkReads = new java.util.concurrent.atomic.AtomicInteger();
        volatile java.util.function.IntConsumer onChunkRead = n -> { };

        public byte[] get(String key) throws IOException {
            if (key.startsWith("chunks/")) onChunkRead.accept(chunkReads.incrementAndGet());
            return inner.get(key);
        }
        public void put(String key, byte[] data) throws IOException { inner.put(key, data); }
        public List<String> list(String prefix) throws IOException { return inner.list(prefix); }
        public void delete(String key) throws IOException { inner.delete(key); }
    }

    /** 40 streams of app=web, each of 6 chunks of 100 lines: 240 chunks. */
    private CountingStore manyStreams() throws IOException {
        CountingStore store = new CountingStore();
        for (int pod = 0; pod < 40; pod++) {
            List<List<Entry>> chunks = new ArrayList<>();
            for (int c = 0; c < 6; c++) chunks.add(lines(T0 + c * 1000 * SEC + pod, 100, "pod" + pod + "-c" + c + "-"));
            writeStream(store, "t1", Labels.of("app", "web", "pod", Integer.toString(pod)), chunks);
        }
        return store;
    }

    @Test
    void aScanCancelledAtItsFirstLineStopsEveryStreamAndStartsNoOther() throws Exception {
        CountingStore store = manyStreams();
        StoreLogSource src = source(store);
        QueryContext context = QueryContext.of(0);
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        StreamQuery q = query(Direction.FORWARD, 0, LineFilter.ALL, T0, T0 + DAY / 4, eq("app", "web")).withContext(context);
        IllegalStateException gone = new IllegalStateException("client gone");
        QueryCancelledException e = assertThrows(QueryCancelledException.class, () -> src.scan("t1", q, labels -> {
            opened.incrementAndGet();
            return (ts, buf, off, len, md) -> {
                context.cancel(gone); // the first line cancels; later ones find it done
                taken.incrementAndGet();
            };
        }));
        assertEquals("client gone", e.getMessage());
        Thread.sleep(300); // streams in flight on the scan threads stop at their next entry
        int streams = opened.get(), lines = taken.get(), chunks = store.chunkReads.get();
        Thread.sleep(300);
        assertEquals(streams, opened.get(), "streams kept opening after the cancellation");
        assertEquals(lines, taken.get(), "lines kept coming after the cancellation");
        assertEquals(chunks, store.chunkReads.get(), "chunks kept being read after the cancellation");
        int scanThreads = Runtime.getRuntime().availableProcessors();
        assertTrue(streams <= scanThreads, streams + " of 40 streams were opened");
        // The first line, and at most one line per other scan thread that had passed its check when it came.
        assertTrue(lines <= scanThreads, lines + " lines were taken");
        assertTrue(chunks <= scanThreads * 5, chunks + " of 240 chunks were read");
    }

    @Test
    void aSelectCancelledWhileReadingStopsReadingChunks() throws Exception {
        CountingStore store = manyStreams();
        StoreLogSource src = source(store);
        QueryContext context = QueryContext.of(0);
        IllegalStateException timeout = new IllegalStateException("query_timeout");
        store.onChunkRead = n -> {
            if (n >= 10) context.cancel(timeout); // from the tenth read on, whichever thread gets there first
        };
        StreamQuery q = query(Direction.BACKWARD, 0, LineFilter.ALL, T0, T0 + DAY / 4, eq("app", "web")).withContext(context);
        assertThrows(QueryCancelledException.class, () -> CollectedStreams.scan(src, "t1", q));
        Thread.sleep(300);
        int chunks = store.chunkReads.get();
        Thread.sleep(300);
        assertEquals(chunks, store.chunkReads.get(), "chunks kept being read after the cancellation");
        // The streams in flight may still receive the chunks they asked for ahead; no other stream starts.
        assertTrue(chunks <= 10 + Runtime.getRuntime().availableProcessors() * 5, chunks + " of 240 chunks were read");
    }

    @Test
    void whatABackwardReadCollectsCountsAgainstItsMemoryBudget() throws Exception {
        StoreLogSource src = source(manyStreams());
        QueryContext context = QueryContext.of(16 << 10); // less than one stream's 600 entries
        // Read backward, each stream's entries are collected before they are handed over.
        StreamQuery q = query(Direction.BACKWARD, 0, LineFilter.ALL, T0, T0 + DAY / 4, eq("app", "web")).withContext(context);
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> CollectedStreams.scan(src, "t1", q));
        assertTrue(e.getMessage().contains("max_query_memory_bytes"), e.getMessage());
        // With room for it the same read answers, and gives the budget back once the entries are handed over.
        QueryContext roomy = QueryContext.of(64 << 20);
        assertEquals(40, CollectedStreams.scan(src, "t1", q.withContext(roomy)).size());
        assertEquals(0, roomy.memory().used());
    }
}

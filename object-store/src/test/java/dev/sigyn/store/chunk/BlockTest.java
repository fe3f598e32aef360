package dev.sigyn.store.chunk;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BlockTest {

    /** What a visitor saw, with the line turned into a String for comparison. */
    record Seen(long ts, String line, Labels metadata) {}

    static ChunkEntry entry(long ts, String line, Labels md) {
        return new ChunkEntry(ts, line.getBytes(StandardCharsets.UTF_8), md);
    }

    static ChunkEntry entry(long ts, String line) {
        return entry(ts, line, Labels.EMPTY);
    }

    static List<Seen> decodeAll(Block b) {
        List<Seen> out = new ArrayList<>();
        b.decode((ts, buf, off, len, md) -> out.add(new Seen(ts, new String(buf, off, len, StandardCharsets.UTF_8), md)));
        return out;
    }

    static List<Seen> seen(List<ChunkEntry> entries) {
        return entries.stream().map(e -> new Seen(e.timestampNanos(), new String(e.line(), StandardCharsets.UTF_8), e.structuredMetadata())).toList();
    }

    @Test
    void blocksEncodedAndDecodedOnManyThreadsAtOnceRoundTrip() throws Exception {
        // Encoding and decoding borrow pooled zstd contexts and buffers: concurrent use must never mix them up.
        int threads = 8;
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        List<ChunkEntry> entries = new ArrayList<>();
                        int n = 1 + (thread * 37 + round * 11) % 400; // blocks of different sizes
                        for (int i = 0; i < n; i++) {
                            entries.add(entry(1_000L * i, "thread " + thread + " round " + round + " line " + i + " "
                                    + "x".repeat((i * 7) % 90)));
                        }
                        Block b = Block.encodeSorted(entries);
                        assertEquals(BlockCodec.ZSTD, BlockCodec.DEFAULT);
                        assertEquals(seen(entries), decodeAll(b));
                    }
                    return null;
                }));
            }
            for (var f : done) f.get();
        }
    }

    @Test
    void roundTripsUtf8AndEmptyLines() {
        List<ChunkEntry> entries = List.of(
                entry(1_700_000_000_000_000_000L, "level=info msg=\"héllo wörld\""),
                entry(1_700_000_000_000_000_000L, ""),
                entry(1_700_000_000_000_000_005L, "日本語のログ 🚀"),
                entry(1_700_000_001_000_000_000L, "last"));
        Block b = Block.encode(entries);
        assertEquals(seen(entries), decodeAll(b));
        assertEquals(4, b.entryCount());
        assertEquals(1_700_000_000_000_000_000L, b.minTimestamp());
        assertEquals(1_700_000_001_000_000_000L, b.maxTimestamp());
    }

    @Test
    void structuredMetadataIsKeptPerEntryAndEmptyWhereAbsent() {
        Labels trace = Labels.of("trace_id", "abc", "user", "ü");
        List<ChunkEntry> entries = List.of(
                entry(10, "a", trace),
                entry(11, "b"),
                entry(12, "c", Labels.of("trace_id", "def")),
                entry(13, "d", trace));
        List<Seen> got = decodeAll(Block.encode(entries));
        assertEquals(seen(entries), got);
        assertSame(Labels.EMPTY, got.get(1).metadata());
    }

    @Test
    void timestampsBeforeTheEpochAndLargeGapsSurvive() {
        List<ChunkEntry> entries = List.of(entry(-5_000, "neg"), entry(0, "zero"), entry(Long.MAX_VALUE / 2, "far"));
        assertEquals(seen(entries), decodeAll(Block.encode(entries)));
    }

    @Test
    void anEmptyBlockDecodesToNothing() {
        Block b = Block.encode(List.of());
        assertEquals(0, b.entryCount());
        assertEquals(List.of(), decodeAll(b));
    }

    @Test
    void compressesRepetitiveLines() {
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) entries.add(entry(i * 1_000_000L, "GET /api/v1/users 200 12ms user-agent=curl"));
        Block b = Block.encode(entries);
        assertTrue(b.compressed().length < b.uncompressedSize() / 5, "compressed " + b.compressed().length);
        assertEquals(seen(entries), decodeAll(b));
    }

    @Test
    void unsortedInputIsStoredInTimestampOrderKeepingArrivalOrderForTies() {
        List<ChunkEntry> entries = List.of(entry(30, "c"), entry(10, "a1"), entry(20, "b"), entry(10, "a2"));
        List<String> lines = decodeAll(Block.encode(entries)).stream().map(Seen::line).toList();
        assertEquals(List.of("a1", "a2", "b", "c"), lines);
    }
}

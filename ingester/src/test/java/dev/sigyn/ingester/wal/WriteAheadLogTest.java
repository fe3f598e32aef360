package dev.sigyn.ingester.wal;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.ChunkEntry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class WriteAheadLogTest {
    @TempDir Path dir;
    final Timer fsync = Timer.builder("fsync").register(new SimpleMeterRegistry());

    /** Collects what replay hands over. */
    static final class Recorder implements ReplayTarget {
        final List<StreamSnapshot> restored = new ArrayList<>();
        final List<EntriesRecord> replayed = new ArrayList<>();
        @Override public void restore(StreamSnapshot snapshot) { restored.add(snapshot); }
        @Override public void replay(EntriesRecord record) { replayed.add(record); }
    }

    static ChunkEntry entry(long ts, String line, Labels md) {
        return new ChunkEntry(ts, line.getBytes(StandardCharsets.UTF_8), md);
    }

    static String line(ChunkEntry e) {
        return new String(e.line(), StandardCharsets.UTF_8);
    }

    @Test
    void durableRecordsAreReplayedExactlyAndInOrder() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1 << 20, fsync);
        Labels stream = Labels.of("app", "web", "env", "prod");
        wal.awaitDurable(wal.append(new EntriesRecord(1, "t1", stream,
                List.of(entry(5_000, "later", Labels.EMPTY), entry(-3, "négatif ✓", Labels.of("trace", "abc"))))));
        wal.awaitDurable(wal.append(new EntriesRecord(2, "t2", Labels.of("a", "b"), List.of(entry(7, "x", Labels.EMPTY)))));

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);

        assertEquals(2, result.records());
        assertEquals(2, result.maxSeq());
        assertFalse(result.corrupted());
        assertEquals(2, result.nextSegment(), "segment 1 exists; the next writer starts a new one");
        EntriesRecord first = r.replayed.getFirst();
        assertEquals("t1", first.tenant());
        assertEquals(stream, first.labels());
        assertEquals(List.of(5_000L, -3L), first.entries().stream().map(ChunkEntry::timestampNanos).toList());
        assertEquals("négatif ✓", line(first.entries().get(1)));
        assertEquals(Labels.of("trace", "abc"), first.entries().get(1).structuredMetadata());
        assertEquals("t2", r.replayed.get(1).tenant());
        wal.close();
    }

    @Test
    void aSmallRecordAfterALargeOneOnTheSameThreadCarriesNothingOfIt() throws Exception {
        // Records are encoded into a buffer the thread reuses: a short record must not pick up a longer one's tail.
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 64 << 20, fsync);
        String big = "b".repeat(200_000);
        String huge = "h".repeat(9 << 20); // grows the reused buffer past the size it is kept at
        wal.append(new EntriesRecord(1, "t", Labels.of("a", "1"), List.of(entry(1, big, Labels.EMPTY))));
        wal.append(new EntriesRecord(2, "t", Labels.of("a", "1"), List.of(entry(2, "small", Labels.EMPTY))));
        wal.append(new EntriesRecord(3, "t", Labels.of("a", "1"), List.of(entry(3, huge, Labels.EMPTY))));
        wal.awaitDurable(wal.append(new EntriesRecord(4, "t", Labels.of("a", "1"), List.of(entry(4, "tiny", Labels.EMPTY)))));
        wal.close();

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);

        assertFalse(result.corrupted());
        assertEquals(List.of(big, "small", huge, "tiny"), r.replayed.stream().map(rec -> line(rec.entries().getFirst())).toList());
    }

    @Test
    void concurrentAppendersAllBecomeDurable() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 4096, fsync);
        int threads = 6;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    long seq = thread * 1000L + i;
                    wal.awaitDurable(wal.append(new EntriesRecord(seq, "t", Labels.of("thread", String.valueOf(thread)),
                            List.of(entry(i, "line " + i, Labels.EMPTY)))));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();

        Recorder r = new Recorder();
        WalReplayer.replay(dir, r);

        assertEquals(threads * each, r.replayed.size());
        for (int t = 0; t < threads; t++) {
            String thread = String.valueOf(t);
            List<Long> seqs = r.replayed.stream().filter(x -> x.labels().get("thread").equals(thread)).map(EntriesRecord::seq).toList();
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < each; i++) expected.add(t * 1000L + i);
            assertEquals(expected, seqs, "each thread's records in its order");
        }
        wal.close();
    }

    @Test
    void aClosedWalRefusesAppends() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1 << 20, fsync);
        wal.close();
        assertThrows(IOException.class, () -> wal.append(new EntriesRecord(1, "t", Labels.of("a", "b"), List.of())));
    }

    @Test
    void aCheckpointIsRestoredAndOnlyLaterSegmentsReplayed() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1 << 20, fsync);
        wal.awaitDurable(wal.append(new EntriesRecord(1, "t", Labels.of("a", "b"), List.of(entry(1, "old", Labels.EMPTY)))));
        Block block = Block.encode(List.of(entry(1, "in a block", Labels.EMPTY)));
        StreamSnapshot snap = new StreamSnapshot("t", Labels.of("a", "b"), 1, entry(2, "last", Labels.EMPTY), 2,
                List.of(new ChunkSnapshot(List.of(block), List.of(), "full"),
                        new ChunkSnapshot(List.of(), List.of(entry(2, "last", Labels.EMPTY)), null)));
        wal.checkpoint(sink -> sink.accept(snap));
        wal.awaitDurable(wal.append(new EntriesRecord(2, "t", Labels.of("a", "b"), List.of(entry(3, "new", Labels.EMPTY)))));

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);

        assertEquals(1, result.restoredStreams());
        StreamSnapshot got = r.restored.getFirst();
        assertEquals(2, got.chunks().size());
        assertEquals("full", got.chunks().getFirst().closedReason());
        assertArrayEquals(block.compressed(), got.chunks().getFirst().blocks().getFirst().compressed());
        assertNull(got.chunks().get(1).closedReason());
        assertEquals("last", line(got.lastEntry()));
        assertEquals(List.of(2L), r.replayed.stream().map(EntriesRecord::seq).toList(), "segment 1 was deleted");
        wal.close();
    }

    @Test
    void aDamagedCheckpointIsReportedAndTheSegmentsAfterItStillReplayed() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1 << 20, fsync);
        wal.awaitDurable(wal.append(new EntriesRecord(1, "t", Labels.of("a", "b"), List.of(entry(1, "x", Labels.EMPTY)))));
        wal.checkpoint(sink -> sink.accept(new StreamSnapshot("t", Labels.of("a", "b"), 1, null, 0, List.of())));
        wal.awaitDurable(wal.append(new EntriesRecord(2, "t", Labels.of("a", "b"), List.of(entry(2, "y", Labels.EMPTY)))));
        wal.close();
        Path checkpoint;
        try (Stream<Path> files = Files.list(dir)) {
            checkpoint = files.filter(p -> p.toString().endsWith(".ckp")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(checkpoint, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0x7f}), Files.size(checkpoint) - 2);
        }

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);

        assertTrue(result.corrupted());
        assertEquals(List.of(2L), r.replayed.stream().map(EntriesRecord::seq).toList());
    }

    @Test
    void segmentsRotateWhenFull() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 100, fsync);
        for (int i = 0; i < 10; i++) {
            wal.awaitDurable(wal.append(new EntriesRecord(i + 1, "t", Labels.of("a", "b"), List.of(entry(i, "0123456789", Labels.EMPTY)))));
        }
        wal.close();
        assertTrue(countSegments() >= 4);
        for (Path p : segmentFiles()) assertTrue(Files.size(p) <= 100, p + " is larger than the segment size");

        Recorder r = new Recorder();
        WalReplayer.replay(dir, r);
        assertEquals(10, r.replayed.size());
    }

    private long countSegments() throws IOException {
        return segmentFiles().size();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }
}

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

    /** Appends a push of one stream; returns its ticket. */
    static long append(WriteAheadLog wal, String tenant, Labels labels, List<ChunkEntry> entries) throws IOException {
        return wal.append(tenant, List.of(new StreamEntries(labels, entries)), (seq, ticket) -> { });
    }

    static String line(ChunkEntry e) {
        return new String(e.line(), StandardCharsets.UTF_8);
    }

    @Test
    void durableRecordsAreReplayedExactlyAndInOrder() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 1 << 20, fsync);
        Labels stream = Labels.of("app", "web", "env", "prod");
        wal.awaitDurable(append(wal, "t1", stream,
                List.of(entry(5_000, "later", Labels.EMPTY), entry(-3, "négatif ✓", Labels.of("trace", "abc")))));
        wal.awaitDurable(append(wal, "t2", Labels.of("a", "b"), List.of(entry(7, "x", Labels.EMPTY))));

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);

        assertEquals(2, result.records());
        assertEquals(2, result.maxSeq(), "the WAL numbers records from the first seq it was given");
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
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 64 << 20, fsync);
        String big = "b".repeat(200_000);
        String huge = "h".repeat(9 << 20); // grows the reused buffer past the size it is kept at
        append(wal, "t", Labels.of("a", "1"), List.of(entry(1, big, Labels.EMPTY)));
        append(wal, "t", Labels.of("a", "1"), List.of(entry(2, "small", Labels.EMPTY)));
        append(wal, "t", Labels.of("a", "1"), List.of(entry(3, huge, Labels.EMPTY)));
        wal.awaitDurable(append(wal, "t", Labels.of("a", "1"), List.of(entry(4, "tiny", Labels.EMPTY))));
        wal.close();

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);

        assertFalse(result.corrupted());
        assertEquals(List.of(big, "small", huge, "tiny"), r.replayed.stream().map(rec -> line(rec.entries().getFirst())).toList());
    }

    @Test
    void concurrentAppendersAllBecomeDurable() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 4096, fsync);
        int threads = 6;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    wal.awaitDurable(append(wal, "t", Labels.of("thread", String.valueOf(thread)),
                            List.of(entry(i, "line " + i, Labels.EMPTY))));
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
            List<EntriesRecord> mine = r.replayed.stream().filter(x -> x.labels().get("thread").equals(thread)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < each; i++) expected.add("line " + i);
            assertEquals(expected, mine.stream().map(x -> line(x.entries().getFirst())).toList(), "each thread's records in its order");
            for (int i = 1; i < mine.size(); i++) assertTrue(mine.get(i).seq() > mine.get(i - 1).seq(), "seqs grow in log order");
        }
        wal.close();
    }

    @Test
    void aClosedWalRefusesAppends() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 1 << 20, fsync);
        wal.close();
        assertThrows(IOException.class, () -> append(wal, "t", Labels.of("a", "b"), List.of()));
    }

    @Test
    void aCheckpointIsRestoredAndOnlyLaterSegmentsReplayed() throws Exception {
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 1 << 20, fsync);
        wal.awaitDurable(append(wal, "t", Labels.of("a", "b"), List.of(entry(1, "old", Labels.EMPTY))));
        Block block = Block.encode(List.of(entry(1, "in a block", Labels.EMPTY)));
        StreamSnapshot snap = new StreamSnapshot("t", Labels.of("a", "b"), 1, entry(2, "last", Labels.EMPTY), 2,
                List.of(new ChunkSnapshot(List.of(block), List.of(), "full"),
                        new ChunkSnapshot(List.of(), List.of(entry(2, "last", Labels.EMPTY)), null)));
        wal.checkpoint(sink -> sink.accept(snap));
        wal.awaitDurable(append(wal, "t", Labels.of("a", "b"), List.of(entry(3, "new", Labels.EMPTY))));

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
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 1 << 20, fsync);
        wal.awaitDurable(append(wal, "t", Labels.of("a", "b"), List.of(entry(1, "x", Labels.EMPTY))));
        wal.checkpoint(sink -> sink.accept(new StreamSnapshot("t", Labels.of("a", "b"), 1, null, 0, List.of())));
        wal.awaitDurable(append(wal, "t", Labels.of("a", "b"), List.of(entry(2, "y", Labels.EMPTY))));
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
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 100, fsync);
        for (int i = 0; i < 10; i++) {
            wal.awaitDurable(append(wal, "t", Labels.of("a", "b"), List.of(entry(i, "0123456789", Labels.EMPTY))));
        }
        wal.close();
        assertTrue(countSegments() >= 4);
        for (Path p : segmentFiles()) assertTrue(Files.size(p) <= 100, p + " is larger than the segment size");

        Recorder r = new Recorder();
        WalReplayer.replay(dir, r);
        assertEquals(10, r.replayed.size());
    }

    @Test
    void anErrorDuringTheGroupCommitFailsTheWalInsteadOfHangingItsWaiters() throws Exception {
        // The fsync timer throws an OutOfMemoryError once: the leader's sync ends with an Error.
        java.util.concurrent.atomic.AtomicBoolean thrown = new java.util.concurrent.atomic.AtomicBoolean();
        Timer failingOnce = new io.micrometer.core.instrument.noop.NoopTimer(fsync.getId()) {
            @Override
            public void record(long amount, java.util.concurrent.TimeUnit unit) {
                if (thrown.compareAndSet(false, true)) throw new OutOfMemoryError("simulated");
            }
        };
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 1 << 20, failingOnce);
        long ticket = append(wal, "t", Labels.of("a", "b"), List.of(entry(1, "x", Labels.EMPTY)));
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            assertThrows(OutOfMemoryError.class, () -> wal.awaitDurable(ticket), "the leader sees its Error");
            assertThrows(IOException.class, () -> wal.awaitDurable(ticket), "later waiters fail instead of hanging");
            assertThrows(IOException.class, () -> append(wal, "t", Labels.of("a", "b"), List.of()));
            assertTrue(wal.hasFailed());
            wal.close();
        });
        // The record the failed fsync covered is cut from the segment: replay finds nothing.
        Recorder r = new Recorder();
        WalReplayer.replay(dir, r);
        assertEquals(List.of(), r.replayed);
    }

    @Test
    void aWalReopenedAfterAFailureContinuesTheSeqsInANewSegment() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();
        Timer failing = new io.micrometer.core.instrument.noop.NoopTimer(fsync.getId()) {
            @Override
            public void record(long amount, java.util.concurrent.TimeUnit unit) {
                if (failNext.getAndSet(false)) throw new java.io.UncheckedIOException(new IOException("No space left on device"));
            }
        };
        WriteAheadLog wal = WriteAheadLog.open(dir, 1, 1, 1 << 20, failing);
        wal.awaitDurable(append(wal, "t", Labels.of("a", "b"), List.of(entry(1, "kept", Labels.EMPTY))));
        failNext.set(true);
        long lost = append(wal, "t", Labels.of("a", "b"), List.of(entry(2, "refused", Labels.EMPTY)));
        assertThrows(IOException.class, () -> wal.awaitDurable(lost));
        WriteAheadLog next = wal.reopen();
        next.awaitDurable(append(next, "t", Labels.of("a", "b"), List.of(entry(3, "after", Labels.EMPTY))));
        next.close();

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);
        assertFalse(result.corrupted());
        assertEquals(List.of("kept", "after"), r.replayed.stream().map(x -> line(x.entries().getFirst())).toList());
        assertTrue(r.replayed.get(1).seq() > r.replayed.get(0).seq());
        assertEquals(2, countSegments(), "the new WAL writes a new segment after the failed one");
    }

    @Test
    void segmentsWrittenBeforePushRecordsStillReplay() throws Exception {
        // WALs of earlier versions hold one single-stream record per frame.
        dev.sigyn.store.bytes.ByteSink frame = new dev.sigyn.store.bytes.ByteSink(256);
        WalCodec.encodeEntries(new EntriesRecord(7, "t", Labels.of("a", "b"), List.of(entry(1, "old format", Labels.EMPTY))), frame);
        byte[] segment = new byte[WalCodec.SEGMENT_MAGIC.length + frame.size()];
        System.arraycopy(WalCodec.SEGMENT_MAGIC, 0, segment, 0, WalCodec.SEGMENT_MAGIC.length);
        System.arraycopy(frame.array(), 0, segment, WalCodec.SEGMENT_MAGIC.length, frame.size());
        Files.write(WalFiles.segment(dir, 1), segment);

        Recorder r = new Recorder();
        ReplayResult result = WalReplayer.replay(dir, r);
        assertFalse(result.corrupted());
        assertEquals(7, result.maxSeq());
        assertEquals("old format", line(r.replayed.getFirst().entries().getFirst()));
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

package dev.sigyn.ingester;

import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static dev.sigyn.ingester.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Crashes are simulated by abandoning an ingester without closing it and starting a new one on the same WAL
 * directory: only what the WAL made durable before push returned can survive.
 */
class WalRecoveryTest {
    @TempDir Path dir;

    @Test
    void acknowledgedPushesSurviveACrash() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester crashed = fx.start();
        push(crashed, "alice", labels("app", "web"), entry(2, "two"), entry(1, "one"));
        push(crashed, "alice", labels("app", "api"), new Entry(T0_NANOS, "with metadata", labels("trace", "t1")));
        push(crashed, "bob", labels("app", "web"), entry(3, "bob"));

        Ingester restarted = fx.start();

        assertTrue(restarted.isReady());
        assertEquals(List.of("with metadata", "one", "two"), allLines(restarted, "alice"));
        assertEquals(List.of("bob"), allLines(restarted, "bob"));
        assertEquals(labels("trace", "t1"), CollectedStreams.scan(restarted, "alice", query(dev.sigyn.logql.Direction.FORWARD, 10,
                eq("app", "api"))).getFirst().entries().getFirst().structuredMetadata());
        restarted.close();
    }

    @Test
    void replayRestoresWhatDuplicateAndOutOfOrderRulesDependOn() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester crashed = fx.start();
        Labels s = labels("app", "web");
        push(crashed, "t1", s, entry(1, "a"), entry(7200, "b"));

        Ingester restarted = fx.start();

        assertEquals(0, push(restarted, "t1", s, entry(7200, "b"), entry(1, "a")).accepted());
        PushOutcome tooOld = push(restarted, "t1", s, entry(2, "too far behind now"));
        assertEquals(1, tooOld.badEntries().size());
        assertEquals(List.of("a", "b"), allLines(restarted, "t1"));
        restarted.close();
    }

    @Test
    void aTornRecordAtTheEndIsTruncatedAndEverythingBeforeItReplayed() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester crashed = fx.start();
        push(crashed, "t1", labels("app", "web"), entry(1, "one"));
        push(crashed, "t1", labels("app", "web"), entry(2, "two"));
        Path segment = onlySegment();
        long goodSize = Files.size(segment);
        // A crash in the middle of writing a record: a header announcing 100 bytes, then only 10 of them.
        appendBytes(segment, ByteBuffer.allocate(18).putInt(100).putInt(12345).array());

        Ingester restarted = fx.start();

        assertEquals(List.of("one", "two"), allLines(restarted, "t1"));
        assertEquals(goodSize, Files.size(segment));
        push(restarted, "t1", labels("app", "web"), entry(3, "three"));
        Ingester again = fx.start(); // the truncated segment is now an ordinary older segment
        assertEquals(List.of("one", "two", "three"), allLines(again, "t1"));
        again.close();
    }

    @Test
    void aLastRecordWithABadChecksumIsDroppedNotMisread() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester crashed = fx.start();
        push(crashed, "t1", labels("app", "web"), entry(1, "one"));
        Path segment = onlySegment();
        long firstRecordEnd = Files.size(segment);
        push(crashed, "t1", labels("app", "web"), entry(2, "two"));
        flipByte(segment, Files.size(segment) - 3); // inside the line "two"

        Ingester restarted = fx.start();

        assertEquals(List.of("one"), allLines(restarted, "t1"));
        assertEquals(firstRecordEnd, Files.size(segment));
        restarted.close();
    }

    @Test
    void corruptionInAnEarlierSegmentStopsReplayThereAndIsMovedAside() throws Exception {
        Fixture fx = new Fixture(dir);
        fx.walSegmentBytes = 64; // every record gets its own segment
        Ingester crashed = fx.start();
        for (int i = 1; i <= 4; i++) push(crashed, "t1", labels("app", "web"), entry(i, "line " + i));
        List<Path> segments = segments();
        assertEquals(4, segments.size());
        flipByte(segments.get(1), Files.size(segments.get(1)) - 2);

        Ingester restarted = fx.start();

        assertEquals(List.of("line 1"), allLines(restarted, "t1"));
        assertEquals(3, filesEndingWith(".corrupt"), "the damaged segment and the two after it are kept aside");
        push(restarted, "t1", labels("app", "web"), entry(5, "line 5"));
        Ingester again = fx.start();
        assertEquals(List.of("line 1", "line 5"), allLines(again, "t1"));
        again.close();
    }

    @Test
    void segmentsRotateAndAreAllReplayed() throws Exception {
        Fixture fx = new Fixture(dir);
        fx.walSegmentBytes = 200;
        Ingester crashed = fx.start();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            push(crashed, "t1", labels("app", "web"), entry(i, "entry " + i));
            expected.add("entry " + i);
        }
        assertTrue(segments().size() > 5);

        Ingester restarted = fx.start();

        assertEquals(expected, allLines(restarted, "t1"));
        restarted.close();
    }

    @Test
    void aCheckpointDeletesTheSegmentsItCoversAndKeepsUnflushedData() throws Exception {
        Fixture fx = new Fixture(dir);
        fx.walSegmentBytes = 200;
        Ingester crashed = fx.start();
        for (int i = 0; i < 20; i++) push(crashed, "t1", labels("app", "web", "n", String.valueOf(i % 3)), entry(i, "entry " + i));
        List<Path> before = segments();

        crashed.checkpoint();

        for (Path p : before) assertFalse(Files.exists(p), p + " should be deleted");
        assertEquals(1, filesEndingWith(".ckp"));
        push(crashed, "t1", labels("app", "web", "n", "0"), entry(100, "after the checkpoint"));
        Ingester restarted = fx.start();
        List<String> lines = allLines(restarted, "t1");
        assertEquals(21, lines.size());
        assertTrue(lines.contains("after the checkpoint"));
        assertTrue(lines.contains("entry 19"));
        restarted.close();
    }

    @Test
    void dataFlushedBeforeACheckpointIsNotReplayedIntoMemory() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester crashed = fx.start();
        push(crashed, "t1", labels("app", "web"), entry(1, "flushed"));
        crashed.flushAll(); // stores the chunk and checkpoints
        push(crashed, "t1", labels("app", "web"), entry(2, "unflushed"));

        Ingester restarted = fx.start();

        assertEquals(List.of("unflushed"), allLines(restarted, "t1"));
        restarted.close();
    }

    @Test
    void pushesConcurrentWithCheckpointsAreNotLost() throws Exception {
        Fixture fx = new Fixture(dir);
        fx.walSegmentBytes = 4096;
        Ingester crashed = fx.start();
        int writers = 4;
        int pushesEach = 150;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < pushesEach; i++) {
                    push(crashed, "t1", labels("writer", String.valueOf(writer), "n", String.valueOf(i % 5)),
                            entry(i, "w" + writer + "-" + i));
                }
                return null;
            }));
        }
        Future<?> checkpoints = Executors.newSingleThreadExecutor().submit(() -> {
            while (!done.get()) crashed.checkpoint();
            return null;
        });
        for (Future<?> f : futures) f.get();
        done.set(true);
        checkpoints.get();
        pool.shutdown();

        Ingester restarted = fx.start();

        Set<String> lines = new HashSet<>(allLines(restarted, "t1"));
        assertEquals(writers * pushesEach, allLines(restarted, "t1").size(), "no entry lost or replayed twice");
        for (int w = 0; w < writers; w++) for (int i = 0; i < pushesEach; i++) assertTrue(lines.contains("w" + w + "-" + i));
        restarted.close();
    }

    @Test
    void aCleanCloseWithoutFlushKeepsEverythingForTheNextStart() throws Exception {
        Fixture fx = new Fixture(dir).wal(true, false);
        Ingester first = fx.start();
        push(first, "t1", labels("app", "web"), entry(1, "kept"));
        first.close();

        Ingester second = fx.start();

        assertEquals(List.of("kept"), allLines(second, "t1"));
        assertTrue(fx.store.list("chunks/").isEmpty());
        second.close();
    }

    @Test
    void withTheWalDisabledPushesWorkAndNothingIsWritten() throws Exception {
        Fixture fx = new Fixture(dir.resolve("wal")).wal(false, false);
        Ingester ing = fx.start();
        assertTrue(push(ing, "t1", labels("app", "web"), entry(1, "in memory only")).ok());
        assertEquals(List.of("in memory only"), allLines(ing, "t1"));
        ing.close();
        assertFalse(Files.exists(dir.resolve("wal")));
    }

    @Test
    void pushesAreRefusedBeforeStart() {
        Fixture fx = new Fixture(dir);
        Ingester ing = new Ingester(fx.cfg, TenantLimits.fixed(fx.limits), dir, fx.store, "i", fx.metrics, fx.clock,
                ForkJoinPool.commonPool());
        assertFalse(ing.isReady());
        assertThrows(IOException.class, () -> push(ing, "t1", labels("app", "web"), entry(1, "x")));
    }

    @Test
    void itsReadinessSaysWhatItIsDoing() throws Exception {
        Fixture fx = new Fixture(dir);
        Ingester ing = new Ingester(fx.cfg, TenantLimits.fixed(fx.limits), dir, fx.store, "i", fx.metrics, fx.clock,
                ForkJoinPool.commonPool());
        assertEquals(Optional.of("replaying the write-ahead log"), ing.notReady());

        ing.start();
        assertEquals(Optional.empty(), ing.notReady());

        ing.close();
        assertEquals(Optional.of("the ingester is shutting down"), ing.notReady());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segs = segments();
        assertEquals(1, segs.size());
        return segs.getFirst();
    }

    private long filesEndingWith(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    private static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, position);
            b.flip();
            byte v = b.get();
            ch.write(ByteBuffer.wrap(new byte[]{(byte) (v ^ 0x5a)}), position);
        }
    }
}

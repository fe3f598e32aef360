package dev.sigyn.ingester.wal;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.store.crypt.AesGcm;
import dev.sigyn.store.crypt.KeyEncryptionKey;
import dev.sigyn.store.crypt.KeyRing;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.sigyn.ingester.wal.WriteAheadLogTest.append;
import static dev.sigyn.ingester.wal.WriteAheadLogTest.entry;
import static dev.sigyn.ingester.wal.WriteAheadLogTest.line;
import static org.junit.jupiter.api.Assertions.*;

/** {@code storage_encryption.wal}: what an encrypted WAL puts on disk, and how replay reads it back. */
class EncryptedWalTest {
    private static final String LABEL_VALUE = "pangolin-tangerine";
    private static final String SECRET = "quokka-4111-1111 secret line";
    private static final Labels STREAM = Labels.of("app", LABEL_VALUE);
    private static final Labels METADATA = Labels.of("trace_id", "narwhal-md-77");

    @TempDir Path dir;
    final Timer fsync = Timer.builder("fsync").register(new SimpleMeterRegistry());
    final KeyEncryptionKey oldKey = KeyEncryptionKey.of(AesGcm.randomBytes(32), "old");
    final KeyEncryptionKey newKey = KeyEncryptionKey.of(AesGcm.randomBytes(32), "new");

    private WriteAheadLog open(Optional<KeyEncryptionKey> sealWith, long segment, long seq) throws Exception {
        return WriteAheadLog.open(dir, sealWith, segment, seq, 1 << 20, fsync);
    }

    private static void pushDurably(WriteAheadLog wal, String line) throws Exception {
        wal.awaitDurable(append(wal, "acme", STREAM, List.of(entry(1_000, line, METADATA))));
    }

    private WriteAheadLogTest.Recorder replay(KeyRing keys) throws Exception {
        WriteAheadLogTest.Recorder r = new WriteAheadLogTest.Recorder();
        WalReplayer.replay(dir, r, Optional.of(keys));
        return r;
    }

    private static List<String> lines(WriteAheadLogTest.Recorder r) {
        List<String> lines = new ArrayList<>();
        r.restored.forEach(s -> s.chunks().forEach(c -> c.head().forEach(e -> lines.add(line(e)))));
        r.replayed.forEach(rec -> rec.entries().forEach(e -> lines.add(line(e))));
        return lines;
    }

    private List<Path> walFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static boolean contains(Path file, String text) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    }

    /** A checkpoint holding one stream with a head entry of {@code line}. */
    private static SnapshotSource oneStream(String line) {
        return sink -> sink.accept(new StreamSnapshot("acme", STREAM, 1, null, 0,
                List.of(new ChunkSnapshot(List.of(), List.of(entry(1_000, line, METADATA)), null))));
    }

    @Test
    void anEncryptedWalHoldsNoTextInClearAndReplaysExactly() throws Exception {
        WriteAheadLog wal = open(Optional.of(newKey), 1, 1);
        pushDurably(wal, "before the checkpoint");
        wal.checkpoint(oneStream(SECRET));
        pushDurably(wal, SECRET);
        wal.close();

        List<Path> files = walFiles();
        assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".ckp")), files.toString());
        for (Path f : files) {
            for (String clear : List.of(SECRET, "quokka", LABEL_VALUE, "narwhal-md", "acme", "SGYNWAL1", "SGYNCKP1")) {
                assertFalse(contains(f, clear), f.getFileName() + " holds " + clear + " in clear");
            }
        }

        WriteAheadLogTest.Recorder r = replay(KeyRing.of(newKey));
        assertEquals(List.of(SECRET, SECRET), lines(r), "the checkpoint's stream, then the segment's record");
        EntriesRecord rec = r.replayed.getFirst();
        assertEquals("acme", rec.tenant());
        assertEquals(STREAM, rec.labels());
        assertEquals(METADATA, rec.entries().getFirst().structuredMetadata());
    }

    @Test
    void theSameWalWrittenPlainShowsTheTextTheEncryptedOneHides() throws Exception {
        // The control for the test above: it would find the text if sealing were skipped.
        WriteAheadLog wal = open(Optional.empty(), 1, 1);
        wal.checkpoint(oneStream(SECRET));
        pushDurably(wal, SECRET);
        wal.close();
        for (Path f : walFiles()) {
            assertTrue(contains(f, SECRET) && contains(f, LABEL_VALUE), f.getFileName() + " holds the line in clear");
        }
    }

    @Test
    void plainSegmentsWrittenBeforeEncryptionWasTurnedOnStillReplay() throws Exception {
        WriteAheadLog plain = open(Optional.empty(), 1, 1);
        pushDurably(plain, "plain record");
        plain.close();
        WriteAheadLog sealed = open(Optional.of(newKey), 2, 2);
        pushDurably(sealed, "encrypted record");
        sealed.close();

        assertTrue(contains(WalFiles.segment(dir, 1), "plain record"));
        assertFalse(contains(WalFiles.segment(dir, 2), "encrypted record"));
        WriteAheadLogTest.Recorder r = replay(KeyRing.of(newKey));
        assertEquals(List.of("plain record", "encrypted record"), lines(r));
        assertEquals(List.of(1L, 2L), r.replayed.stream().map(EntriesRecord::seq).toList());
    }

    @Test
    void afterARotationOldSegmentsReplayWithThePreviousKeyAndWithoutItStartUpNamesTheKey() throws Exception {
        WriteAheadLog before = open(Optional.of(oldKey), 1, 1);
        pushDurably(before, "under the old key");
        before.close();
        WriteAheadLog after = open(Optional.of(newKey), 2, 2);
        pushDurably(after, "under the new key");
        after.close();

        assertEquals(List.of("under the old key", "under the new key"), lines(replay(KeyRing.of(newKey, oldKey))));

        WalKeyMissingException e = assertThrows(WalKeyMissingException.class, () -> replay(KeyRing.of(newKey)));
        assertEquals(oldKey.idHex(), e.keyId());
        assertTrue(e.getMessage().contains(oldKey.idHex()) && e.getMessage().contains("not configured"), e.getMessage());
        e = assertThrows(WalKeyMissingException.class, () -> WalReplayer.checkKeys(dir, Optional.of(KeyRing.of(newKey))));
        assertTrue(e.getMessage().contains("wal-0000000000000001.seg"), e.getMessage());
        e = assertThrows(WalKeyMissingException.class,
                () -> WalReplayer.replay(dir, new WriteAheadLogTest.Recorder(), Optional.empty()));
        assertTrue(e.getMessage().contains("no key configured"), e.getMessage());
        // Nothing was truncated or moved aside: with the key back, everything replays.
        assertEquals(List.of("under the old key", "under the new key"), lines(replay(KeyRing.of(newKey, oldKey))));
    }

    @Test
    void anAlteredRecordIsDetectedAndNeverReplayed() throws Exception {
        WriteAheadLog wal = open(Optional.of(newKey), 1, 1);
        pushDurably(wal, "first");
        pushDurably(wal, "second, to be altered");
        wal.close();
        WriteAheadLog next = open(Optional.of(newKey), 2, 3);
        pushDurably(next, "in the next segment");
        next.close();

        // Flip one ciphertext byte of segment 1's second record and fix the CRC, so only the GCM tag can notice.
        Path seg = WalFiles.segment(dir, 1);
        byte[] bytes = Files.readAllBytes(seg);
        int second = WalFileKey.HEADER_LENGTH + WalCodec.FRAME_HEADER + readInt(bytes, WalFileKey.HEADER_LENGTH);
        int payloadAt = second + WalCodec.FRAME_HEADER;
        int payloadLen = readInt(bytes, second);
        bytes[payloadAt + 1 + WalFileKey.COUNTER_BYTES + 2] ^= 0x40;
        WalCodec.putFrameHeader(bytes, second, payloadLen, WalCodec.crc(bytes, payloadAt, payloadLen));
        Files.write(seg, bytes);

        WriteAheadLogTest.Recorder r = new WriteAheadLogTest.Recorder();
        ReplayResult result = WalReplayer.replay(dir, r, Optional.of(KeyRing.of(newKey)));
        assertTrue(result.corrupted(), "damage in a segment that is not the last is corruption");
        assertEquals(List.of("first"), lines(r));
    }

    @Test
    void anAlteredHeaderOrASegmentRenamedToAnotherNumberDoesNotOpen() throws Exception {
        WriteAheadLog wal = open(Optional.of(newKey), 1, 1);
        pushDurably(wal, "record");
        wal.close();
        Path seg = WalFiles.segment(dir, 1);
        Files.move(seg, WalFiles.segment(dir, 7));
        WriteAheadLog later = open(Optional.of(newKey), 8, 2);
        pushDurably(later, "later");
        later.close();

        WriteAheadLogTest.Recorder r = new WriteAheadLogTest.Recorder();
        ReplayResult result = WalReplayer.replay(dir, r, Optional.of(KeyRing.of(newKey)));
        assertTrue(result.corrupted());
        assertEquals(List.of(), lines(r), "segment 7's key is bound to number 1; replay stops there");
    }

    @Test
    void aTornLastRecordIsTruncatedAsInAPlainWalAndWritingContinues() throws Exception {
        WriteAheadLog wal = open(Optional.of(newKey), 1, 1);
        pushDurably(wal, "acknowledged");
        pushDurably(wal, "torn by the crash");
        wal.close();
        Path seg = WalFiles.segment(dir, 1);
        long size = Files.size(seg);
        try (var ch = java.nio.channels.FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }

        WriteAheadLogTest.Recorder r = new WriteAheadLogTest.Recorder();
        ReplayResult result = WalReplayer.replay(dir, r, Optional.of(KeyRing.of(newKey)));
        assertFalse(result.corrupted());
        assertTrue(result.truncatedBytes() > 0);
        assertEquals(List.of("acknowledged"), lines(r));

        WriteAheadLog next = open(Optional.of(newKey), result.nextSegment(), result.maxSeq() + 1);
        pushDurably(next, "after the restart");
        next.close();
        assertEquals(List.of("acknowledged", "after the restart"), lines(replay(KeyRing.of(newKey))));
    }

    @Test
    void aSegmentCutInsideItsEncryptedHeaderIsRemovedWhenLast() throws Exception {
        WriteAheadLog wal = open(Optional.of(newKey), 1, 1);
        pushDurably(wal, "kept");
        wal.close();
        Files.write(WalFiles.segment(dir, 2), java.util.Arrays.copyOf(WalCodec.SEALED_SEGMENT_MAGIC, 30));

        WriteAheadLogTest.Recorder r = new WriteAheadLogTest.Recorder();
        ReplayResult result = WalReplayer.replay(dir, r, Optional.of(KeyRing.of(newKey)));
        assertFalse(result.corrupted());
        assertFalse(Files.exists(WalFiles.segment(dir, 2)));
        assertEquals(List.of("kept"), lines(r));
    }

    @Test
    void everySegmentAndCheckpointGetsItsOwnDataKeyAndNoncePrefix() throws Exception {
        WriteAheadLog wal = open(Optional.of(newKey), 1, 1);
        pushDurably(wal, "a");
        wal.checkpoint(oneStream("b"));
        pushDurably(wal, "c");
        wal.close();
        List<byte[]> headers = new ArrayList<>();
        for (Path f : walFiles()) headers.add(java.util.Arrays.copyOf(Files.readAllBytes(f), WalFileKey.HEADER_LENGTH));
        assertEquals(2, headers.size(), "checkpoint 2 and segment 2");
        assertFalse(java.util.Arrays.equals(headers.get(0), WalFileKey.PREFIX_AT, WalFileKey.HEADER_LENGTH,
                headers.get(1), WalFileKey.PREFIX_AT, WalFileKey.HEADER_LENGTH));
        for (byte[] h : headers) assertEquals(newKey.idHex(), WalFileKey.keyIdOf(h));
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}

package dev.sigyn.ruler.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentQueueTest {
    @TempDir Path dir;

    private static List<RecordedSeries> samples(int first, int count) {
        List<RecordedSeries> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            out.add(new RecordedSeries(Map.of("__name__", "m", "i", "é" + i), 1_700_000_000_000L + i, i / 4.0));
        }
        return out;
    }

    private static List<RecordedSeries> drain(SegmentQueue q) throws Exception {
        List<RecordedSeries> out = new ArrayList<>();
        for (var b = q.read(3); !b.isEmpty(); b = q.read(3)) {
            out.addAll(b.samples());
            q.commit(b);
        }
        return out;
    }

    @Test
    void uncommittedSamplesAreReadAgainAfterReopening() throws Exception {
        try (SegmentQueue q = SegmentQueue.open(dir, 1 << 20)) {
            q.append(samples(0, 5));
            q.commit(q.read(3));
            assertEquals(2, q.pending());
        }
        try (SegmentQueue q = SegmentQueue.open(dir, 1 << 20)) {
            assertEquals(2, q.pending());
            assertEquals(samples(3, 2), drain(q));
            assertEquals(0, q.pending());
        }
    }

    @Test
    void aReadNotCommittedIsReadAgain() throws Exception {
        try (SegmentQueue q = SegmentQueue.open(dir, 1 << 20)) {
            q.append(samples(0, 4));
            assertEquals(samples(0, 3), q.read(3).samples());
            assertEquals(samples(0, 3), q.read(3).samples());
        }
    }

    @Test
    void aRecordTornByACrashIsCutOffOnOpen() throws Exception {
        Path segment;
        try (SegmentQueue q = SegmentQueue.open(dir, 1 << 20)) {
            q.append(samples(0, 3));
            segment = q.segmentFiles().getLast();
        }
        byte[] whole = SeriesRecord.encode(samples(3, 1).getFirst());
        Files.write(segment, java.util.Arrays.copyOf(whole, whole.length - 5), StandardOpenOption.APPEND);
        try (SegmentQueue q = SegmentQueue.open(dir, 1 << 20)) {
            assertEquals(3, q.pending());
            q.append(samples(4, 1));
            List<RecordedSeries> expected = new ArrayList<>(samples(0, 3));
            expected.addAll(samples(4, 1));
            assertEquals(expected, drain(q));
        }
    }

    @Test
    void segmentsAreDeletedOnceSentAndNotBefore() throws Exception {
        try (SegmentQueue q = SegmentQueue.open(dir, 100)) {
            for (int i = 0; i < 10; i++) q.append(samples(i, 1));
            int written = q.segmentFiles().size();
            assertTrue(written >= 5, "small segments roll over: " + written);
            q.commit(q.read(1));
            assertEquals(written, q.segmentFiles().size(), "a partly sent segment is kept");
            assertEquals(samples(1, 9), drain(q));
            assertEquals(1, q.segmentFiles().size(), "only the segment being written is left");
            assertTrue(Files.exists(q.segmentFiles().getFirst()));
        }
        try (SegmentQueue q = SegmentQueue.open(dir, 100)) {
            assertEquals(0, q.pending());
            q.append(samples(10, 1));
            assertEquals(samples(10, 1), drain(q));
        }
    }
}

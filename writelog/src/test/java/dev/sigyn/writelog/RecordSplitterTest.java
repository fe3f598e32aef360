package dev.sigyn.writelog;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordSplitterTest {
    private static final Labels LABELS = Labels.of("app", "web");

    @Test
    void recordsStayUnderTheLimitAndKeepTheEntriesInOrder() {
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) entries.add(entry(i, 90 + i % 20));

        List<StreamRecord> records = RecordSplitter.split("t", LABELS, entries, 1000);

        List<ChunkEntry> joined = new ArrayList<>();
        for (StreamRecord r : records) {
            assertTrue(StreamRecordCodec.encode(r).length <= 1000);
            joined.addAll(r.entries());
        }
        assertEquals(entries, joined);
        assertTrue(records.size() >= 10 && records.size() <= 13, records.size() + " records");
    }

    @Test
    void anEntryLargerThanTheLimitGoesAloneInARecord() {
        List<ChunkEntry> entries = List.of(entry(0, 10), entry(1, 5000), entry(2, 10));

        List<StreamRecord> records = RecordSplitter.split("t", LABELS, entries, 1000);

        assertEquals(List.of(1, 1, 1), records.stream().map(r -> r.entries().size()).toList());
        assertEquals(entries.get(1), records.get(1).entries().getFirst());
    }

    @Test
    void aSmallStreamIsOneRecord() {
        List<ChunkEntry> entries = List.of(entry(0, 10), entry(1, 10));
        assertEquals(List.of(new StreamRecord("t", LABELS, entries)), RecordSplitter.split("t", LABELS, entries, 1000));
    }

    private static ChunkEntry entry(long ts, int lineBytes) {
        return new ChunkEntry(ts, "y".repeat(lineBytes).getBytes(StandardCharsets.UTF_8), Labels.EMPTY);
    }
}

package dev.sigyn.ingester;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The uncompressed tail of an open chunk. Entries may arrive in any order; they are kept sorted by timestamp, ties
 * in arrival order, so cutting a block and answering a query need no sort. Not thread-safe: the owning stream's
 * lock guards it.
 */
final class HeadBlock {
    /** Per timestamp a single {@link ChunkEntry}, or a {@code List<ChunkEntry>} when several share it. */
    private final TreeMap<Long, Object> byTimestamp = new TreeMap<>();
    private int entryCount;
    private long sizeBytes;

    /** Adds an entry; with {@code dropDuplicate} an identical entry (timestamp, line, metadata) is refused. */
    boolean append(ChunkEntry e, boolean dropDuplicate) {
        Object present = byTimestamp.get(e.timestampNanos());
        if (present == null) {
            byTimestamp.put(e.timestampNanos(), e);
        } else if (present instanceof ChunkEntry single) {
            if (dropDuplicate && sameEntry(single, e)) return false;
            List<ChunkEntry> many = new ArrayList<>(2);
            many.add(single);
            many.add(e);
            byTimestamp.put(e.timestampNanos(), many);
        } else {
            @SuppressWarnings("unchecked") List<ChunkEntry> many = (List<ChunkEntry>) present;
            if (dropDuplicate) {
                for (ChunkEntry other : many) if (sameEntry(other, e)) return false;
            }
            many.add(e);
        }
        entryCount++;
        sizeBytes += EntrySize.of(e);
        return true;
    }

    static boolean sameEntry(ChunkEntry a, ChunkEntry b) {
        return a.timestampNanos() == b.timestampNanos() && Arrays.equals(a.line(), b.line())
                && Objects.equals(metadata(a), metadata(b));
    }

    private static Labels metadata(ChunkEntry e) {
        return e.structuredMetadata() == null ? Labels.EMPTY : e.structuredMetadata();
    }

    boolean isEmpty() { return entryCount == 0; }
    int entryCount() { return entryCount; }
    long sizeBytes() { return sizeBytes; }
    long minTimestamp() { return byTimestamp.firstKey(); }
    long maxTimestamp() { return byTimestamp.lastKey(); }

    /** All entries in timestamp order (ties in arrival order). */
    List<ChunkEntry> sortedEntries() {
        List<ChunkEntry> out = new ArrayList<>(entryCount);
        forEach(byTimestamp, out::add);
        return out;
    }

    /** Entries with {@code from <= ts < to}, in timestamp order. */
    List<ChunkEntry> entriesInRange(long from, long to) {
        List<ChunkEntry> out = new ArrayList<>();
        if (from < to) forEach(byTimestamp.subMap(from, true, to, false), out::add);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void forEach(NavigableMap<Long, Object> map, Consumer<ChunkEntry> sink) {
        for (Map.Entry<Long, Object> slot : map.entrySet()) {
            if (slot.getValue() instanceof ChunkEntry e) sink.accept(e);
            else ((List<ChunkEntry>) slot.getValue()).forEach(sink);
        }
    }
}

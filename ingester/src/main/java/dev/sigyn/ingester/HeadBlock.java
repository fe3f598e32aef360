package dev.sigyn.ingester;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The uncompressed tail of an open chunk. Entries may arrive in any order; they are kept sorted by timestamp, ties
 * in arrival order, so cutting a block and answering a query need no sort. Most entries arrive in order and are
 * simply appended; an older one is inserted at its place (a head holds at most a block's worth of entries, so the
 * shift is short). Not thread-safe: the owning stream's lock guards it.
 */
final class HeadBlock {
    private final ArrayList<ChunkEntry> entries;
    private long sizeBytes;

    HeadBlock() {
        this(10);
    }

    /** A head expected to hold about {@code expectedEntries} (the previous head's count), so the list rarely grows. */
    HeadBlock(int expectedEntries) {
        entries = new ArrayList<>(Math.max(10, expectedEntries));
    }

    /** Adds an entry; with {@code dropDuplicate} an identical entry (timestamp, line, metadata) is refused. */
    boolean append(ChunkEntry e, boolean dropDuplicate) {
        long ts = e.timestampNanos();
        int n = entries.size();
        // After every entry with a timestamp <= ts: ties stay in arrival order.
        int at = n == 0 || entries.get(n - 1).timestampNanos() <= ts ? n : upperBound(ts);
        if (dropDuplicate && holdsBefore(at, e)) return false;
        if (at == n) entries.add(e);
        else entries.add(at, e);
        sizeBytes += EntrySize.of(e);
        return true;
    }

    /** Whether the block holds an entry identical to {@code e} (timestamp, line, metadata). */
    boolean holds(ChunkEntry e) {
        int n = entries.size();
        int at = n == 0 || entries.get(n - 1).timestampNanos() <= e.timestampNanos() ? n : upperBound(e.timestampNanos());
        return holdsBefore(at, e);
    }

    private boolean holdsBefore(int at, ChunkEntry e) {
        for (int i = at - 1; i >= 0 && entries.get(i).timestampNanos() == e.timestampNanos(); i--) {
            if (sameEntry(entries.get(i), e)) return true;
        }
        return false;
    }

    /** First index whose timestamp is greater than {@code ts}. */
    private int upperBound(long ts) {
        int lo = 0, hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).timestampNanos() <= ts) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** First index whose timestamp is at least {@code ts}. */
    private int lowerBound(long ts) {
        int lo = 0, hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).timestampNanos() < ts) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    static boolean sameEntry(ChunkEntry a, ChunkEntry b) {
        return a.timestampNanos() == b.timestampNanos() && Arrays.equals(a.line(), b.line())
                && Objects.equals(metadata(a), metadata(b));
    }

    private static Labels metadata(ChunkEntry e) {
        return e.structuredMetadata() == null ? Labels.EMPTY : e.structuredMetadata();
    }

    boolean isEmpty() { return entries.isEmpty(); }
    int entryCount() { return entries.size(); }
    long sizeBytes() { return sizeBytes; }
    long minTimestamp() { return entries.getFirst().timestampNanos(); }
    long maxTimestamp() { return entries.getLast().timestampNanos(); }

    /** All entries in timestamp order (ties in arrival order), copied. */
    List<ChunkEntry> sortedEntries() {
        return new ArrayList<>(entries);
    }

    /** All entries in timestamp order, not copied: only valid until the next append (for cutting the head). */
    List<ChunkEntry> sortedView() {
        return Collections.unmodifiableList(entries);
    }

    /** Entries with {@code from <= ts < to}, in timestamp order, copied. */
    List<ChunkEntry> entriesInRange(long from, long to) {
        if (from >= to) return new ArrayList<>();
        return new ArrayList<>(entries.subList(lowerBound(from), lowerBound(to)));
    }
}

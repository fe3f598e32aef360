package dev.sigyn.ingester;

import dev.sigyn.ingester.wal.ChunkSnapshot;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.store.index.ChunkRef;

import java.util.ArrayList;
import java.util.List;

/**
 * A chunk being built in memory: compressed blocks already cut, plus the head. Open chunks take entries; a closed
 * chunk only waits to be flushed and never changes again, so the flusher may read it without the stream lock.
 * Not thread-safe otherwise: the owning stream's lock guards it.
 */
final class MemChunk {
    private final List<Block> blocks = new ArrayList<>();
    private HeadBlock head = new HeadBlock();
    private long compressedBytes;
    /** Line bytes held, what {@code ingester.max_unflushed_bytes} counts (blocks restored from a checkpoint count their uncompressed size). */
    private long lineBytes;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;
    private int entryCount;
    private final long openedAtMillis;
    private long lastAppendMillis;
    private FlushReason closedReason;
    /** Where the chunk was stored, once it was; kept so that a failed index write does not store it again. */
    private ChunkRef stored;
    /** Flush attempts that failed; written and read by the flush thread only. */
    private int failedFlushes;

    MemChunk(long nowMillis) {
        this.openedAtMillis = nowMillis;
        this.lastAppendMillis = nowMillis;
    }

    /** Appends an entry, cutting the head into a block when it reaches {@code blockSize}. False for a duplicate. */
    /** Whether the head block holds an entry identical to {@code e} (what {@link #append} would drop). */
    boolean headHolds(ChunkEntry e) {
        return head.holds(e);
    }

    boolean append(ChunkEntry e, boolean dropDuplicate, long blockSize, long nowMillis) {
        if (!head.append(e, dropDuplicate)) return false;
        entryCount++;
        lineBytes += e.line().length;
        minTs = Math.min(minTs, e.timestampNanos());
        maxTs = Math.max(maxTs, e.timestampNanos());
        lastAppendMillis = nowMillis;
        if (head.sizeBytes() >= blockSize) cutHead();
        return true;
    }

    void cutHead() {
        if (head.isEmpty()) return;
        // The head keeps its entries sorted and is replaced right after, so its list is encoded as is: no copy, no check.
        Block b = Block.encodeSorted(head.sortedView());
        blocks.add(b);
        compressedBytes += b.compressedLength();
        head = new HeadBlock(head.entryCount());
    }

    void close(FlushReason reason) {
        cutHead();
        closedReason = reason;
    }

    boolean isClosed() { return closedReason != null; }
    FlushReason closedReason() { return closedReason; }
    boolean isEmpty() { return entryCount == 0; }
    long compressedBytes() { return compressedBytes; }
    long lineBytes() { return lineBytes; }
    int entryCount() { return entryCount; }
    long minTimestamp() { return minTs; }
    long maxTimestamp() { return maxTs; }
    long openedAtMillis() { return openedAtMillis; }
    long lastAppendMillis() { return lastAppendMillis; }
    ChunkRef stored() { return stored; }
    int failedFlushes() { return failedFlushes; }
    void flushFailed() { failedFlushes++; }
    void stored(ChunkRef ref) { this.stored = ref; }

    /** The blocks; only stable once the chunk is closed. */
    List<Block> blocks() { return blocks; }

    /** Whether the chunk holds data in [from, through], both inclusive (what {@code index/stats} asks). */
    boolean overlapsClosed(long from, long through) {
        return entryCount > 0 && minTs <= through && maxTs >= from;
    }

    /** The chunk's counters; for blocks restored from a checkpoint the line bytes are their uncompressed size. */
    ChunkStats stats() {
        return new ChunkStats(minTs, maxTs, entryCount, lineBytes);
    }

    boolean overlaps(long from, long to) {
        return entryCount > 0 && minTs < to && maxTs >= from;
    }

    /** What a query over [from, to) needs, copied so that it can be read without the stream lock. */
    ChunkView view(long from, long to) {
        List<Block> overlapping = new ArrayList<>();
        for (Block b : blocks) if (b.minTimestamp() < to && b.maxTimestamp() >= from) overlapping.add(b);
        List<ChunkEntry> headEntries = head.isEmpty() ? List.of() : head.entriesInRange(from, to);
        return new ChunkView(overlapping, headEntries);
    }

    record ChunkView(List<Block> blocks, List<ChunkEntry> head) {}

    ChunkSnapshot snapshot() {
        return new ChunkSnapshot(List.copyOf(blocks), head.sortedEntries(), closedReason == null ? null : closedReason.tag);
    }

    static MemChunk restore(ChunkSnapshot snap, long blockSize, long nowMillis) {
        MemChunk c = new MemChunk(nowMillis);
        for (Block b : snap.blocks()) {
            c.blocks.add(b);
            c.compressedBytes += b.compressedLength();
            c.lineBytes += b.uncompressedSize();
            c.entryCount += b.entryCount();
            c.minTs = Math.min(c.minTs, b.minTimestamp());
            c.maxTs = Math.max(c.maxTs, b.maxTimestamp());
        }
        for (ChunkEntry e : snap.head()) c.append(e, false, blockSize, nowMillis);
        if (snap.closedReason() != null) c.close(FlushReason.ofTag(snap.closedReason()));
        return c;
    }
}

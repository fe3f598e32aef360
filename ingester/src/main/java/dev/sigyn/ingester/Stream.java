package dev.sigyn.ingester;

import dev.sigyn.ingester.wal.ChunkSnapshot;
import dev.sigyn.ingester.wal.EntriesRecord;
import dev.sigyn.ingester.wal.StreamSnapshot;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One stream of one tenant in memory: its unflushed chunks (oldest first; only the last may be open) and the state
 * Loki's push rules need (last entry for duplicates, highest timestamp for the out-of-order window, a rate limiter).
 * Every method takes the stream's lock; work that may be slow (decoding blocks, storing chunks) happens outside on
 * what the methods hand out.
 */
final class Stream {

    /** Where accepted entries go before a push returns: the WAL (or nowhere when it is disabled). */
    interface Journal {
        long nextSeq();

        /** Writes the record; returns a ticket to wait on for durability (0 when there is nothing to wait for). */
        long write(EntriesRecord record) throws IOException;
    }

    record Settings(long blockSize, long targetSize, long outOfOrderWindowNanos, long rateLimitBytes, long rateLimitBurst) {}

    record PushResult(int accepted, long bytes, long ticket, List<PushErrors.Rejected> rejected) {
        static final PushResult REMOVED = new PushResult(0, 0, 0, List.of());
    }

    final String tenant;
    final Labels labels;
    private final Settings settings;
    private final TokenBucket rateLimit;
    private final List<MemChunk> chunks = new ArrayList<>();
    private ChunkEntry lastEntry;
    private long highestTs;
    private long lastSeq;
    private boolean removed;

    Stream(String tenant, Labels labels, Settings settings, long nowMillis) {
        this.tenant = tenant;
        this.labels = labels;
        this.settings = settings;
        this.rateLimit = new TokenBucket(settings.rateLimitBytes(), settings.rateLimitBurst(), nowMillis);
    }

    /**
     * Applies Loki's rules to the entries, stores the accepted ones and journals them, all under the lock so that
     * the journal sees this stream's records in the order they were applied. Returns {@link PushResult#REMOVED}
     * when the stream was dropped from memory meanwhile (the caller then pushes to a fresh one).
     */
    synchronized PushResult push(List<Entry> entries, long nowMillis, Journal journal) throws IOException {
        if (removed) return PushResult.REMOVED;
        List<ChunkEntry> accepted = new ArrayList<>(entries.size());
        List<PushErrors.Rejected> rejected = new ArrayList<>(0);
        long bytes = 0;
        for (int i = 0, n = entries.size(); i < n; i++) {
            ChunkEntry e = EncodedEntries.toChunkEntry(entries, i);
            if (lastEntry != null && HeadBlock.sameEntry(lastEntry, e)) continue;
            long size = EntrySize.of(e);
            if (!rateLimit.tryTake(size, nowMillis)) {
                rejected.add(new PushErrors.Rejected(e.timestampNanos(),
                        PushErrors.streamRateLimit(settings.rateLimitBytes(), labels, size), true));
                continue;
            }
            if (lastEntry != null) {
                long cutoff = highestTs - settings.outOfOrderWindowNanos();
                if (e.timestampNanos() < cutoff) {
                    rejected.add(new PushErrors.Rejected(e.timestampNanos(),
                            PushErrors.tooFarBehind(e.timestampNanos(), cutoff), false));
                    continue;
                }
            }
            if (!store(e, true, nowMillis)) continue;
            accepted.add(e);
            bytes += e.line().length;
        }
        long ticket = 0;
        if (!accepted.isEmpty()) {
            long seq = journal.nextSeq();
            ticket = journal.write(new EntriesRecord(seq, tenant, labels, accepted));
            lastSeq = seq;
        }
        return new PushResult(accepted.size(), bytes, ticket, rejected);
    }

    /** Re-applies a WAL record unless a checkpoint already put it in this stream. No limits: it was accepted once. */
    synchronized void replay(EntriesRecord record, long nowMillis) {
        if (record.seq() <= lastSeq) return;
        for (ChunkEntry e : record.entries()) store(e, false, nowMillis);
        lastSeq = record.seq();
    }

    synchronized void restore(StreamSnapshot snap, long nowMillis) {
        chunks.clear();
        for (ChunkSnapshot c : snap.chunks()) chunks.add(MemChunk.restore(c, settings.blockSize(), nowMillis));
        lastEntry = snap.lastEntry();
        highestTs = snap.highestTs();
        lastSeq = snap.lastSeq();
    }

    private boolean store(ChunkEntry e, boolean dropDuplicate, long nowMillis) {
        MemChunk open = chunks.isEmpty() ? null : chunks.getLast();
        if (open == null || open.isClosed()) {
            open = new MemChunk(nowMillis);
            chunks.add(open);
        }
        if (!open.append(e, dropDuplicate, settings.blockSize(), nowMillis)) return false;
        if (open.compressedBytes() >= settings.targetSize()) open.close(FlushReason.FULL);
        if (lastEntry == null || e.timestampNanos() > highestTs) highestTs = e.timestampNanos();
        lastEntry = e;
        return true;
    }

    /**
     * Closes the open chunk when it is due (forced, idle, too old) and returns every closed chunk. Closed chunks no
     * longer change, so the flusher reads them without the lock.
     */
    synchronized List<MemChunk> chunksToFlush(long nowMillis, long idleMillis, long maxAgeMillis, boolean force) {
        if (!chunks.isEmpty() && !chunks.getLast().isClosed()) {
            MemChunk open = chunks.getLast();
            FlushReason reason = null;
            if (force) reason = FlushReason.FORCED;
            else if (nowMillis - open.lastAppendMillis() >= idleMillis) reason = FlushReason.IDLE;
            else if (nowMillis - open.openedAtMillis() >= maxAgeMillis) reason = FlushReason.MAX_AGE;
            if (reason != null) open.close(reason);
        }
        List<MemChunk> closed = new ArrayList<>();
        for (MemChunk c : chunks) if (c.isClosed()) closed.add(c);
        return closed;
    }

    /** Forgets chunks that are now in the store (and in an index file). */
    synchronized void dropFlushed(Collection<MemChunk> flushed) {
        Set<MemChunk> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(flushed);
        chunks.removeIf(gone::contains);
    }

    /** Marks the stream removed when it holds no data; pushes that still hold a reference then start a new one. */
    synchronized boolean markRemovedIfEmpty() {
        if (!chunks.isEmpty()) return false;
        removed = true;
        return true;
    }

    synchronized boolean overlaps(long from, long to) {
        for (MemChunk c : chunks) if (c.overlaps(from, to)) return true;
        return false;
    }

    /** The blocks and head entries a query over [from, to) must read, oldest chunk first. */
    synchronized List<MemChunk.ChunkView> view(long from, long to) {
        List<MemChunk.ChunkView> views = new ArrayList<>(chunks.size());
        for (MemChunk c : chunks) if (c.overlaps(from, to)) views.add(c.view(from, to));
        return views;
    }

    /** Null once the stream was removed. */
    synchronized StreamSnapshot snapshot() {
        if (removed) return null;
        List<ChunkSnapshot> snaps = new ArrayList<>(chunks.size());
        for (MemChunk c : chunks) snaps.add(c.snapshot());
        return new StreamSnapshot(tenant, labels, lastSeq, lastEntry, highestTs, snaps);
    }

    /** Line bytes of every chunk still in memory. */
    synchronized long unflushedBytes() {
        long n = 0;
        for (MemChunk c : chunks) n += c.lineBytes();
        return n;
    }

    synchronized int chunkCount() {
        return chunks.size();
    }
}

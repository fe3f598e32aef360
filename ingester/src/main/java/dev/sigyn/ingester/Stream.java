package dev.sigyn.ingester;

import dev.sigyn.ingester.wal.ChunkSnapshot;
import dev.sigyn.ingester.wal.EntriesRecord;
import dev.sigyn.ingester.wal.StreamSnapshot;
import dev.sigyn.ingester.wal.WriteAheadLog;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * One stream of one tenant in memory: its unflushed chunks (oldest first; only the last may be open) and the state
 * Loki's push rules need (last entry for duplicates, highest timestamp for the out-of-order window, a rate limiter).
 * Every synchronized method takes the stream's lock; work that may be slow (decoding blocks, storing chunks) happens
 * outside on what the methods hand out.
 *
 * <p>With a WAL a push reaches the chunks in two steps. {@link #decide} applies the push rules and says which entries
 * to store; the ingester then appends them to the WAL, which records them here ({@link #enqueue}) in log order, and
 * only once the WAL made them durable does {@link #settle} store them. A push whose WAL record failed is dropped
 * whole: memory only ever holds what the WAL holds, so nothing is stored that the client was told failed, and replay
 * rebuilds exactly the memory that was acknowledged.
 */
final class Stream {

    record Settings(long blockSize, long targetSize, long outOfOrderWindowNanos) {}

    /** {@code per_stream_rate_limit} and its burst, in bytes: the tenant's at the time of a push. */
    record RateLimit(long bytesPerSecond, long burstBytes) {}

    /** Which entries of a push to store, and why the others were refused. */
    record Decision(List<ChunkEntry> accepted, long bytes, List<PushErrors.Rejected> rejected) {
        static final Decision REMOVED = new Decision(List.of(), 0, List.of());
    }

    /** Entries the WAL holds (or will hold, once {@code wal} made {@code ticket} durable) but memory does not yet. */
    private record Pending(long seq, List<ChunkEntry> entries, WriteAheadLog wal, long ticket) {}

    final String tenant;
    final Labels labels;
    private final Settings settings;
    /** Told the line bytes each {@link #settle} stores (the ingester's count of unflushed bytes). */
    private final LongConsumer onStored;
    private final TokenBucket rateLimit;
    private final List<MemChunk> chunks = new ArrayList<>();
    /** In log order; added under the WAL's lock (hence lock-free), taken under the stream's lock. */
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    /** Pushes between {@link #decide} and {@link #enqueue}: the stream must not be dropped under them. */
    private final AtomicInteger deciding = new AtomicInteger();
    private ChunkEntry lastEntry;
    private long highestTs;
    private long lastSeq;
    /** The newest timestamp of any entry accepted, stored or still pending: the out-of-order window's edge. */
    private long decidedHighestTs;
    private boolean decidedAny;
    private boolean removed;

    Stream(String tenant, Labels labels, Settings settings, long nowMillis, LongConsumer onStored) {
        this.tenant = tenant;
        this.labels = labels;
        this.settings = settings;
        this.onStored = onStored;
        this.rateLimit = new TokenBucket();
    }

    /**
     * Applies Loki's rules to the entries and returns the ones to store. Duplicates are judged against what is stored
     * (which the WAL made durable), never against entries of pushes still pending, so an accepted push never depends
     * on another push that may yet fail. With {@code storeNow} (no WAL) they are stored at once; otherwise the caller
     * must pass a non-empty decision to {@link #enqueue} or {@link #abandon}. Returns {@link Decision#REMOVED} when
     * the stream was dropped from memory meanwhile (the caller then pushes to a fresh one).
     */
    synchronized Decision decide(List<Entry> entries, long nowMillis, boolean storeNow, RateLimit limit) {
        if (removed) return Decision.REMOVED;
        settle(nowMillis);
        List<ChunkEntry> accepted = new ArrayList<>(entries.size());
        List<PushErrors.Rejected> rejected = new ArrayList<>(0);
        long bytes = 0;
        for (int i = 0, n = entries.size(); i < n; i++) {
            ChunkEntry e = EncodedEntries.toChunkEntry(entries, i);
            if (isDuplicate(e, accepted)) continue;
            long size = EntrySize.of(e);
            if (!rateLimit.tryTake(size, nowMillis, limit.bytesPerSecond(), limit.burstBytes())) {
                rejected.add(new PushErrors.Rejected(e.timestampNanos(),
                        PushErrors.streamRateLimit(limit.bytesPerSecond(), labels, size), true));
                continue;
            }
            if (decidedAny) {
                long cutoff = decidedHighestTs - settings.outOfOrderWindowNanos();
                if (e.timestampNanos() < cutoff) {
                    rejected.add(new PushErrors.Rejected(e.timestampNanos(),
                            PushErrors.tooFarBehind(e.timestampNanos(), cutoff), false));
                    continue;
                }
            }
            if (!decidedAny || e.timestampNanos() > decidedHighestTs) decidedHighestTs = e.timestampNanos();
            decidedAny = true;
            accepted.add(e);
            bytes += e.line().length;
        }
        if (!accepted.isEmpty()) {
            if (storeNow) store(accepted, nowMillis);
            else deciding.incrementAndGet();
        }
        return new Decision(accepted, bytes, rejected);
    }

    /** An exact copy of a stored entry (in the open head block) or of the entry accepted just before it. */
    private boolean isDuplicate(ChunkEntry e, List<ChunkEntry> acceptedSoFar) {
        ChunkEntry previous = acceptedSoFar.isEmpty() ? lastEntry : acceptedSoFar.getLast();
        if (previous != null && HeadBlock.sameEntry(previous, e)) return true;
        MemChunk open = chunks.isEmpty() ? null : chunks.getLast();
        return open != null && !open.isClosed() && open.headHolds(e);
    }

    /** Records a decided push's entries as appended to {@code wal}; called under the WAL's lock, in log order. */
    void enqueue(long seq, List<ChunkEntry> entries, WriteAheadLog wal, long ticket) {
        pending.add(new Pending(seq, entries, wal, ticket));
        deciding.decrementAndGet();
    }

    /** A decided push that never reached the WAL (it refused the append). */
    void abandon() {
        deciding.decrementAndGet();
    }

    /**
     * Stores the pending entries the WAL has made durable, in log order, and drops those of a WAL that failed (their
     * pushes were refused).
     */
    synchronized void settle(long nowMillis) {
        long stored = 0;
        for (Pending p = pending.peek(); p != null; p = pending.peek()) {
            if (p.wal().isDurable(p.ticket())) {
                stored += store(p.entries(), nowMillis);
                lastSeq = p.seq();
            } else if (!p.wal().hasFailed()) {
                break; // not durable yet, and neither is anything after it
            }
            pending.poll();
        }
        if (stored > 0) onStored.accept(stored);
    }

    /**
     * Re-applies a WAL record unless a checkpoint already put it in this stream. No limits: it was accepted once.
     * Returns the line bytes stored.
     */
    synchronized long replay(EntriesRecord record, long nowMillis) {
        if (record.seq() <= lastSeq) return 0;
        long stored = store(record.entries(), nowMillis);
        lastSeq = record.seq();
        return stored;
    }

    synchronized void restore(StreamSnapshot snap, long nowMillis) {
        chunks.clear();
        for (ChunkSnapshot c : snap.chunks()) chunks.add(MemChunk.restore(c, settings.blockSize(), nowMillis));
        lastEntry = snap.lastEntry();
        highestTs = snap.highestTs();
        lastSeq = snap.lastSeq();
        decidedAny = lastEntry != null;
        decidedHighestTs = highestTs;
    }

    /**
     * Stores entries, dropping exact duplicates of stored ones: the same rule, in the same (log) order, whether the
     * entries come from a push or from replay, so replay rebuilds the same memory. Returns the line bytes stored.
     */
    private long store(List<ChunkEntry> entries, long nowMillis) {
        long stored = 0;
        for (ChunkEntry e : entries) {
            MemChunk open = chunks.isEmpty() ? null : chunks.getLast();
            if (open == null || open.isClosed()) {
                open = new MemChunk(nowMillis);
                chunks.add(open);
            }
            if (!open.append(e, true, settings.blockSize(), nowMillis)) continue;
            if (open.compressedBytes() >= settings.targetSize()) open.close(FlushReason.FULL);
            if (lastEntry == null || e.timestampNanos() > highestTs) highestTs = e.timestampNanos();
            if (!decidedAny || e.timestampNanos() > decidedHighestTs) decidedHighestTs = e.timestampNanos();
            decidedAny = true;
            lastEntry = e;
            stored += e.line().length;
        }
        return stored;
    }

    /**
     * Closes the open chunk when it is due (forced, idle, too old) and returns every closed chunk. Closed chunks no
     * longer change, so the flusher reads them without the lock.
     */
    synchronized List<MemChunk> chunksToFlush(long nowMillis, long idleMillis, long maxAgeMillis, boolean force) {
        settle(nowMillis);
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
        if (!chunks.isEmpty() || !pending.isEmpty() || deciding.get() > 0) return false;
        removed = true;
        return true;
    }

    synchronized boolean overlaps(long from, long to) {
        for (MemChunk c : chunks) if (c.overlaps(from, to)) return true;
        return false;
    }

    /** The counters of the chunks holding data in [from, through] (both inclusive): nothing is decoded. */
    synchronized List<ChunkStats> chunkStats(long from, long through) {
        List<ChunkStats> out = new ArrayList<>(0);
        for (MemChunk c : chunks) if (c.overlapsClosed(from, through)) out.add(c.stats());
        return out;
    }

    /** The blocks and head entries a query over [from, to) must read, oldest chunk first. */
    synchronized List<MemChunk.ChunkView> view(long from, long to) {
        List<MemChunk.ChunkView> views = new ArrayList<>(chunks.size());
        for (MemChunk c : chunks) if (c.overlaps(from, to)) views.add(c.view(from, to));
        return views;
    }

    /** Null once the stream was removed. Stores what the WAL made durable first, as a checkpoint must hold it. */
    synchronized StreamSnapshot snapshot(long nowMillis) {
        if (removed) return null;
        settle(nowMillis);
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

package dev.sigyn.ingester;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.ingester.tail.TailBroker;
import dev.sigyn.ingester.wal.EntriesRecord;
import dev.sigyn.ingester.wal.ReplayResult;
import dev.sigyn.ingester.wal.ReplayTarget;
import dev.sigyn.ingester.wal.StreamSnapshot;
import dev.sigyn.ingester.wal.WalReplayer;
import dev.sigyn.ingester.wal.WriteAheadLog;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.ChunkEntry;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps recent log data: per-tenant streams in memory, made durable by a write-ahead log, cut into chunks that a
 * background loop flushes to the object store with their index files. It answers queries about the data it still
 * holds. Lifecycle: construct, {@link #start()} (replays the WAL), use, {@link #close()}.
 */
public final class Ingester implements Pusher, LogSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingester.class);
    /** How often the WAL is checkpointed (Loki's checkpoint_duration default), so replay stays short. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMinutes(5);
    /** The longest wait between flush attempts while the object store keeps failing (unless flush_check_period is longer). */
    static final Duration MAX_FLUSH_BACKOFF = Duration.ofMinutes(1);

    private final IngesterConfig cfg;
    private final LimitsConfig limits;
    private final Path walDir;
    private final long walSegmentBytes;
    private final Clock clock;
    /** Pushes so far, to vary the stream a push starts with (see {@link #push}). */
    private final AtomicInteger pushCount = new AtomicInteger();
    private final IngesterMetrics metrics;
    private final Flusher flusher;
    private final Stream.Settings streamSettings;
    private final ConcurrentHashMap<String, TenantStreams> tenants = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final ReentrantLock flushLock = new ReentrantLock();
    /** Line bytes held in memory chunks (flushed or not yet): what ingester.max_unflushed_bytes bounds. */
    private final AtomicLong unflushedBytes = new AtomicLong();
    /** Flush cycles in a row that left due chunks unflushed; the periodic loop waits longer after each. */
    private volatile int failedFlushCycles;
    private volatile long nextFlushAttemptMillis;
    private final AtomicBoolean earlyFlushQueued = new AtomicBoolean();
    /** Live tails: told about each push's accepted entries once the WAL has them. */
    private final TailBroker tails = new TailBroker();
    private final Stream.Journal journal = new Stream.Journal() {
        @Override
        public long nextSeq() {
            return seq.incrementAndGet();
        }

        @Override
        public long write(EntriesRecord record) throws IOException {
            WriteAheadLog w = wal;
            return w == null ? 0 : w.append(record);
        }
    };

    private volatile WriteAheadLog wal;
    private volatile boolean ready;
    private volatile boolean closed;
    private ScheduledExecutorService flushLoop;
    private volatile long lastCheckpointMillis;

    public Ingester(IngesterConfig cfg, LimitsConfig limits, Path walDir, BlobStore store, String writerId,
                    MeterRegistry metrics, Clock clock) {
        this(cfg, limits, walDir, store, writerId, metrics, clock, WriteAheadLog.DEFAULT_SEGMENT_BYTES);
    }

    /** With a custom WAL segment size (tests exercise rotation with small segments). */
    Ingester(IngesterConfig cfg, LimitsConfig limits, Path walDir, BlobStore store, String writerId,
             MeterRegistry metrics, Clock clock, long walSegmentBytes) {
        this.cfg = cfg;
        this.limits = limits;
        this.walDir = walDir;
        this.walSegmentBytes = walSegmentBytes;
        this.clock = clock;
        this.metrics = new IngesterMetrics(metrics, this::activeStreams);
        this.flusher = new Flusher(store, writerId, cfg, this.metrics, clock, unflushedBytes);
        this.metrics.watchBacklog(unflushedBytes::get, () -> failedFlushCycles);
        this.streamSettings = new Stream.Settings(cfg.chunkBlockSize(), cfg.chunkTargetSize(),
                cfg.maxChunkAge().toNanos() / 2, limits.perStreamRateLimit(), limits.perStreamRateLimitBurst());
    }

    /** Replays the WAL (when enabled), then starts the periodic flush loop. Pushes are refused until it returns. */
    public synchronized void start() throws IOException {
        if (ready || closed) throw new IllegalStateException("the ingester was already started");
        if (cfg.walEnabled()) {
            long t0 = System.nanoTime();
            ReplayResult r = WalReplayer.replay(walDir, new Replay());
            seq.set(r.maxSeq());
            unflushedBytes.set(heldBytes());
            wal = WriteAheadLog.open(walDir, r.nextSegment(), walSegmentBytes, metrics.walFsync);
            long nanos = System.nanoTime() - t0;
            metrics.replayDuration(nanos);
            log.info("WAL replay finished in {} ms: {} streams from the checkpoint, {} records from segments, {} streams in memory{}",
                    nanos / 1_000_000, r.restoredStreams(), r.records(), activeStreams(),
                    r.corrupted() ? " (stopped early at corrupt data, see the errors above)"
                            : r.truncatedBytes() > 0 ? " (" + r.truncatedBytes() + " bytes of torn tail truncated)" : "");
        }
        lastCheckpointMillis = clock.millis();
        ready = true;
        flushLoop = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "sigyn-ingester-flush");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, cfg.flushCheckPeriod().toMillis());
        flushLoop.scheduleWithFixedDelay(this::periodicFlush, period, period, TimeUnit.MILLISECONDS);
    }

    /** True once the WAL replay finished (and until close). */
    public boolean isReady() {
        return ready && !closed;
    }

    @Override
    public PushOutcome push(String tenant, List<StreamPush> streams) throws IOException {
        if (!ready) throw new IOException("the ingester is not ready: the WAL replay has not finished");
        if (closed) throw new IOException("the ingester is shutting down");
        refuseWhenBacklogFull(streams);
        TenantStreams streamsOfTenant = tenants.computeIfAbsent(tenant, TenantStreams::new);
        long now = clock.millis();
        int accepted = 0;
        long bytes = 0;
        long ticket = 0;
        List<String> badEntries = new ArrayList<>(0);
        List<String> limitErrors = new ArrayList<>(0);
        // When someone tails the tenant, keep what this push journals: exactly the accepted entries.
        List<EntriesRecord> forTails = tails.isTailed(tenant) ? new ArrayList<>() : null;
        Stream.Journal journalOfPush = forTails == null ? journal : recordingJournal(forTails);
        // Streams are looked up (and created, up to the tenant's limit) in request order. Concurrent pushes usually
        // carry the same streams in the same order (a shipper's batches): stored in that order, they queue behind
        // one another on each stream's lock, and on a busy machine a preempted lock holder stalls them all. Each push
        // therefore stores from a different starting stream. Outcomes are still reported in request order.
        int n = streams.size();
        Stream[] targets = new Stream[n];
        for (int i = 0; i < n; i++) {
            if (!streams.get(i).entries().isEmpty()) targets[i] = streamOf(streamsOfTenant, streams.get(i).labels(), now);
        }
        Stream.PushResult[] results = new Stream.PushResult[n];
        // A stream named twice in one push keeps its parts in request order (duplicates and ordering depend on it).
        int first = n < 2 || repeats(targets) ? 0 : Math.floorMod(pushCount.getAndIncrement(), n);
        for (int k = 0; k < n; k++) {
            int i = (first + k) % n;
            if (targets[i] != null) results[i] = pushStream(streamsOfTenant, targets[i], streams.get(i), now, journalOfPush);
        }
        for (int i = 0; i < n; i++) {
            StreamPush push = streams.get(i);
            if (push.entries().isEmpty()) continue;
            Stream.PushResult r = results[i];
            if (r == null) {
                limitErrors.add(PushErrors.streamLimit(push.labels(), tenant));
                metrics.discarded("stream_limit", push.entries().size());
                continue;
            }
            accepted += r.accepted();
            bytes += r.bytes();
            ticket = Math.max(ticket, r.ticket());
            if (!r.rejected().isEmpty()) {
                String message = PushErrors.forStream(tenant, push.labels(), r.rejected(), push.entries().size());
                if (r.rejected().getLast().rateLimited()) limitErrors.add(message);
                else badEntries.add(message);
                long limited = r.rejected().stream().filter(PushErrors.Rejected::rateLimited).count();
                metrics.discarded("per_stream_rate_limit", limited);
                metrics.discarded("too_far_behind", r.rejected().size() - limited);
            }
        }
        WriteAheadLog w = wal;
        if (ticket > 0 && w != null) w.awaitDurable(ticket);
        if (forTails != null) for (EntriesRecord r : forTails) tails.publish(tenant, r.labels(), r.entries());
        metrics.ingested(accepted, bytes);
        unflushedBytes.addAndGet(bytes);
        return new PushOutcome(accepted, badEntries, limitErrors);
    }

    /** The shared journal, also collecting each record it writes into {@code written}. */
    private Stream.Journal recordingJournal(List<EntriesRecord> written) {
        return new Stream.Journal() {
            @Override
            public long nextSeq() {
                return journal.nextSeq();
            }

            @Override
            public long write(EntriesRecord record) throws IOException {
                long ticket = journal.write(record);
                written.add(record);
                return ticket;
            }
        };
    }

    /** Where live tails subscribe to this ingester's pushes. */
    public TailBroker tails() {
        return tails;
    }

    private static boolean repeats(Stream[] streams) {
        Set<Stream> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Stream s : streams) if (s != null && !seen.add(s)) return true;
        return false;
    }

    /** The tenant's stream with these labels, created if need be; null when the tenant is at its stream limit. */
    private Stream streamOf(TenantStreams streamsOfTenant, Labels labels, long now) {
        return streamsOfTenant.getOrCreate(labels, limits.maxGlobalStreamsPerUser(),
                () -> new Stream(streamsOfTenant.tenant, labels, streamSettings, now));
    }

    /** Pushes to {@code s}; null when the stream had to be made anew and the tenant is at its stream limit. */
    private Stream.PushResult pushStream(TenantStreams streamsOfTenant, Stream s, StreamPush push, long now,
                                         Stream.Journal journal) throws IOException {
        while (true) {
            Stream.PushResult r = s.push(push.entries(), now, journal);
            if (r != Stream.PushResult.REMOVED) return r;
            // The flusher dropped the stream between lookup and push: push to a fresh one.
            s = streamOf(streamsOfTenant, push.labels(), now);
            if (s == null) return null;
        }
    }

    @Override
    public List<StreamResult> select(String tenant, StreamQuery query) {
        TenantStreams streamsOfTenant = tenants.get(tenant);
        if (streamsOfTenant == null) return List.of();
        long from = query.startNanos();
        long to = query.endNanos();
        LineFilter filter = query.filter() == null ? LineFilter.ALL : query.filter();
        List<StreamResult> results = new ArrayList<>();
        for (Stream s : streamsOfTenant.matching(query.matchers())) {
            List<MemChunk.ChunkView> views = s.view(from, to);
            if (views.isEmpty()) continue;
            EntryCollector collector = new EntryCollector(query.direction(), query.limit());
            for (MemChunk.ChunkView view : views) {
                for (Block b : view.blocks()) {
                    b.decode((ts, buf, off, len, metadata) -> {
                        if (ts >= from && ts < to && collector.canUse(ts) && filter.test(buf, off, len)) {
                            collector.add(ts, buf, off, len, metadata);
                        }
                    });
                }
                for (ChunkEntry e : view.head()) {
                    byte[] line = e.line();
                    if (collector.canUse(e.timestampNanos()) && filter.test(line, 0, line.length)) {
                        collector.add(e.timestampNanos(), line, 0, line.length, e.structuredMetadata());
                    }
                }
            }
            List<dev.sigyn.logql.Entry> entries = collector.result();
            if (!entries.isEmpty()) results.add(new StreamResult(s.labels, entries));
        }
        return results;
    }

    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TenantStreams streamsOfTenant = tenants.get(tenant);
        if (streamsOfTenant == null) return Set.of();
        Set<Labels> out = new LinkedHashSet<>();
        for (Stream s : streamsOfTenant.matching(matchers)) if (s.overlaps(startNanos, endNanos)) out.add(s.labels);
        return out;
    }

    /**
     * Null while pushes are accepted; otherwise why they are refused: more unflushed line bytes are held than
     * {@code ingester.max_unflushed_bytes}, which happens when flushes to the object store fail.
     */
    public String backlogRefusal() {
        long limit = cfg.maxUnflushedBytes();
        long held = unflushedBytes.get();
        return limit > 0 && held >= limit ? BacklogFullException.message(held, limit) : null;
    }

    /** Line bytes held in memory that the object store does not have yet. */
    public long unflushedBytes() {
        return unflushedBytes.get();
    }

    private void refuseWhenBacklogFull(List<StreamPush> streams) throws BacklogFullException {
        long limit = cfg.maxUnflushedBytes();
        if (limit <= 0) return;
        long held = unflushedBytes.get();
        // Past half the bound, flush everything now rather than at the chunks' idle or age deadline.
        if (held >= limit / 2) flushEarly();
        if (held < limit) return;
        long lines = 0;
        for (StreamPush p : streams) lines += p.entries().size();
        metrics.discarded("unflushed_limit", lines);
        throw new BacklogFullException(held, limit);
    }

    /** Queues one forced flush cycle on the flush thread, unless one is queued or the store is failing (backoff rules). */
    private void flushEarly() {
        ScheduledExecutorService loop = flushLoop;
        if (loop == null || failedFlushCycles > 0 || !earlyFlushQueued.compareAndSet(false, true)) return;
        try {
            loop.execute(() -> {
                earlyFlushQueued.set(false);
                try {
                    flush(true);
                } catch (Throwable t) {
                    log.error("early flush failed", t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            earlyFlushQueued.set(false); // shutting down
        }
    }

    /**
     * Flushes every in-memory chunk of every stream, including open ones, and returns once the chunks and their
     * index files are in the store. Throws when some could not be stored (they stay in memory and are retried).
     */
    public void flushAll() throws IOException {
        if (!ready) throw new IOException("the ingester is not ready: the WAL replay has not finished");
        int failed = flush(true);
        checkpointQuietly();
        if (failed > 0) throw new IOException(failed + " chunks could not be flushed; they stay in memory and are retried");
    }

    /** Stops the flush loop, flushes everything when flush_on_shutdown is set, checkpoints and closes the WAL. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        if (flushLoop != null) {
            flushLoop.shutdown();
            try {
                if (!flushLoop.awaitTermination(5, TimeUnit.MINUTES)) log.warn("the flush loop did not stop in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!ready) return;
        try {
            if (cfg.flushOnShutdown()) {
                int failed = flush(true);
                if (failed > 0) log.warn("{} chunks could not be flushed at shutdown; the WAL keeps them", failed);
            }
            checkpointQuietly();
        } finally {
            WriteAheadLog w = wal;
            if (w != null) w.close();
        }
    }

    // ---- flushing and checkpoints ----------------------------------------------------------------------------

    /** One tick of the flush thread (package-private for tests). */
    void periodicFlush() {
        try {
            if (clock.millis() < nextFlushAttemptMillis) return; // backing off while the store fails
            flushCycle();
        } catch (Throwable t) {
            log.error("flush cycle failed", t);
        }
    }

    /** One run of the periodic loop: flush due chunks, then checkpoint the WAL when it is time. */
    void flushCycle() throws IOException {
        flush(false);
        WriteAheadLog w = wal;
        if (w != null && clock.millis() - lastCheckpointMillis >= CHECKPOINT_INTERVAL.toMillis() && w.hasUncheckpointedRecords()) {
            checkpoint();
        }
    }

    private int flush(boolean force) {
        flushLock.lock();
        try {
            int failed = flusher.flush(tenants.values(), force);
            recordFlushOutcome(failed);
            return failed;
        } finally {
            flushLock.unlock();
        }
    }

    /** After a cycle that left chunks behind, the periodic loop waits flush_check_period × 2^(failures-1), capped. */
    private void recordFlushOutcome(int failed) {
        if (failed == 0) {
            if (failedFlushCycles > 0) {
                log.info("flushing to the object store works again after {} failed cycles; {} bytes still unflushed",
                        failedFlushCycles, unflushedBytes.get());
            }
            failedFlushCycles = 0;
            nextFlushAttemptMillis = 0;
            return;
        }
        int n = failedFlushCycles = Math.min(failedFlushCycles + 1, 30);
        long period = Math.max(1, cfg.flushCheckPeriod().toMillis());
        long cap = Math.max(period, MAX_FLUSH_BACKOFF.toMillis());
        long wait = Math.min(cap, period << Math.min(n - 1, 20));
        nextFlushAttemptMillis = clock.millis() + wait;
        log.warn("{} chunks could not be flushed ({} failed cycles in a row, {} bytes unflushed, limit {}); next"
                + " attempt in {} ms", failed, n, unflushedBytes.get(), cfg.maxUnflushedBytes(), wait);
    }

    /** Line bytes of every stream in memory, counted once after the WAL replay. */
    private long heldBytes() {
        long n = 0;
        for (TenantStreams t : tenants.values()) for (Stream s : t.all()) n += s.unflushedBytes();
        return n;
    }

    /** Writes all unflushed data to a checkpoint and deletes the WAL segments it covers. */
    void checkpoint() throws IOException {
        WriteAheadLog w = wal;
        if (w == null) return;
        flushLock.lock();
        try {
            w.checkpoint(sink -> {
                for (TenantStreams t : tenants.values()) {
                    for (Stream s : t.all()) {
                        StreamSnapshot snap = s.snapshot();
                        if (snap != null) sink.accept(snap);
                    }
                }
            });
            lastCheckpointMillis = clock.millis();
        } finally {
            flushLock.unlock();
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            log.warn("WAL checkpoint failed; the segments are kept: {}", e.toString());
        }
    }

    private int activeStreams() {
        int n = 0;
        for (TenantStreams t : tenants.values()) n += t.size();
        return n;
    }

    /** Rebuilds streams from the WAL; limits do not apply to data that was accepted before. */
    private final class Replay implements ReplayTarget {
        @Override
        public void restore(StreamSnapshot snapshot) {
            streamForReplay(snapshot.tenant(), snapshot.labels()).restore(snapshot, clock.millis());
        }

        @Override
        public void replay(EntriesRecord record) {
            streamForReplay(record.tenant(), record.labels()).replay(record, clock.millis());
        }

        private Stream streamForReplay(String tenant, Labels labels) {
            TenantStreams t = tenants.computeIfAbsent(tenant, TenantStreams::new);
            return t.getOrCreate(labels, 0, () -> new Stream(tenant, labels, streamSettings, clock.millis()));
        }
    }
}

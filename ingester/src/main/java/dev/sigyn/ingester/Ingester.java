package dev.sigyn.ingester;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.Readiness;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.ingester.tail.TailBroker;
import dev.sigyn.ingester.wal.EntriesRecord;
import dev.sigyn.ingester.wal.StreamEntries;
import dev.sigyn.ingester.wal.ReplayResult;
import dev.sigyn.ingester.wal.ReplayTarget;
import dev.sigyn.ingester.wal.StreamSnapshot;
import dev.sigyn.ingester.wal.WalEncryption;
import dev.sigyn.ingester.wal.WalReplayer;
import dev.sigyn.ingester.wal.WriteAheadLog;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LinePipelines;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.store.chunk.EntryVisitor;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
public final class Ingester implements Pusher, LogSource, IndexStatsSource, Readiness, IngesterAdmin, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingester.class);
    /** How often the WAL is checkpointed (Loki's checkpoint_duration default), so replay stays short. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMinutes(5);
    /** The longest wait between flush attempts while the object store keeps failing (unless flush_check_period is longer). */
    static final Duration MAX_FLUSH_BACKOFF = Duration.ofMinutes(1);

    private final IngesterConfig cfg;
    /** Asked per push: a tenant's overrides may change while the ingester runs. */
    private final TenantLimits limits;
    private final Path walDir;
    private final WalEncryption walEncryption;
    private final long walSegmentBytes;
    private final Clock clock;
    /** Pushes so far, to vary the stream a push starts with (see {@link #push}). */
    private final AtomicInteger pushCount = new AtomicInteger();
    private final IngesterMetrics metrics;
    private final Flusher flusher;
    private final Stream.Settings streamSettings;
    private final ConcurrentHashMap<String, TenantStreams> tenants = new ConcurrentHashMap<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    /** Line bytes held in memory chunks (flushed or not yet): what ingester.max_unflushed_bytes bounds. */
    private final AtomicLong unflushedBytes = new AtomicLong();
    /** Flush cycles in a row that left due chunks unflushed; the periodic loop waits longer after each. */
    private volatile int failedFlushCycles;
    private volatile long nextFlushAttemptMillis;
    private final AtomicBoolean earlyFlushQueued = new AtomicBoolean();
    /** Live tails: told about each push's accepted entries once the WAL has them. */
    private final TailBroker tails;
    /** The WAL pushes append to (unused when the WAL is disabled). */
    private final LiveWal liveWal;

    private volatile boolean ready;
    private boolean starting;
    /** Set while a failed WAL replay waits to be retried. */
    private volatile String notReadyReason;
    private volatile boolean closed;
    private ScheduledExecutorService flushLoop;
    private volatile long lastCheckpointMillis;

    /** @param tailThreads where live tails run their queries' pipelines over new entries (never the pushing threads) */
    public Ingester(IngesterConfig cfg, TenantLimits limits, Path walDir, BlobStore store, String writerId,
                    MeterRegistry metrics, Clock clock, Executor tailThreads) {
        this(cfg, limits, walDir, WalEncryption.NONE, store, writerId, metrics, clock, tailThreads);
    }

    /** @param walEncryption the keys the WAL is replayed with and, when it says so, encrypted with */
    public Ingester(IngesterConfig cfg, TenantLimits limits, Path walDir, WalEncryption walEncryption, BlobStore store,
                    String writerId, MeterRegistry metrics, Clock clock, Executor tailThreads) {
        this(cfg, limits, walDir, walEncryption, store, writerId, metrics, clock, new TailBroker(tailThreads),
                WriteAheadLog.DEFAULT_SEGMENT_BYTES);
    }

    /** With a custom WAL segment size (tests exercise rotation with small segments). */
    Ingester(IngesterConfig cfg, TenantLimits limits, Path walDir, BlobStore store, String writerId,
             MeterRegistry metrics, Clock clock, Executor tailThreads, long walSegmentBytes) {
        this(cfg, limits, walDir, WalEncryption.NONE, store, writerId, metrics, clock, new TailBroker(tailThreads),
                walSegmentBytes);
    }

    /**
     * One write-log partition's ingester in microservices mode: no WAL of its own (Kafka is the log; what it holds is
     * made safe by {@link #snapshotStreams() snapshots} in the object store), nothing flushed at close (the next owner
     * restores the snapshot), and live tails shared by the process's partitions. Data comes in through
     * {@link #applyLogged}, never {@link #push}.
     */
    public static Ingester forPartition(IngesterConfig cfg, TenantLimits limits, BlobStore store, String writerId,
                                        MeterRegistry metrics, Clock clock, TailBroker tails) {
        IngesterConfig noWal = new IngesterConfig(cfg.chunkIdlePeriod(), cfg.maxChunkAge(), cfg.chunkTargetSize(),
                cfg.chunkBlockSize(), cfg.flushCheckPeriod(), "", false, false, 0);
        return new Ingester(noWal, limits, null, WalEncryption.NONE, store, writerId, metrics, clock, tails,
                WriteAheadLog.DEFAULT_SEGMENT_BYTES);
    }

    private Ingester(IngesterConfig cfg, TenantLimits limits, Path walDir, WalEncryption walEncryption, BlobStore store,
                     String writerId, MeterRegistry metrics, Clock clock, TailBroker tails, long walSegmentBytes) {
        this.cfg = cfg;
        this.tails = tails;
        this.limits = limits;
        this.walDir = walDir;
        this.walEncryption = walEncryption;
        this.walSegmentBytes = walSegmentBytes;
        this.clock = clock;
        this.metrics = new IngesterMetrics(metrics, this::activeStreams);
        this.flusher = new Flusher(store, writerId, cfg, this.metrics, clock, unflushedBytes);
        this.metrics.watchBacklog(unflushedBytes::get, () -> failedFlushCycles);
        this.streamSettings = new Stream.Settings(cfg.chunkBlockSize(), cfg.chunkTargetSize(),
                cfg.maxChunkAge().toNanos() / 2);
        this.liveWal = new LiveWal(walDir, walEncryption.sealingKey(), walSegmentBytes, this.metrics.walFsync, clock,
                metrics);
    }

    /**
     * Replays the WAL (when enabled), then starts the periodic flush loop. Pushes are refused until it returns. A replay
     * that fails on an I/O error (a full disk refusing to set corrupt data aside) is retried from scratch every few
     * seconds, saying why in {@link #notReady()}, until it succeeds or the ingester is closed.
     */
    public void start() throws IOException {
        synchronized (this) {
            if (ready || closed || starting) throw new IllegalStateException("the ingester was already started");
            starting = true;
        }
        ReplayResult r = cfg.walEnabled() ? replayUntilDone() : null;
        synchronized (this) {
            if (closed) return;
            if (r != null) liveWal.open(r.nextSegment(), r.maxSeq() + 1);
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
    }

    /** The WAL replayed into memory; null when the ingester was closed before that could be done. */
    private ReplayResult replayUntilDone() throws IOException {
        for (long backoffMillis = 1000; ; backoffMillis = Math.min(backoffMillis * 2, 5_000)) {
            long t0 = System.nanoTime();
            try {
                ReplayResult r = WalReplayer.replay(walDir, new Replay(), walEncryption.keys());
                unflushedBytes.set(heldBytes());
                long nanos = System.nanoTime() - t0;
                metrics.replayDuration(nanos);
                notReadyReason = null;
                log.info("WAL replay finished in {} ms: {} streams from the checkpoint, {} records from segments, {} streams in memory{}",
                        nanos / 1_000_000, r.restoredStreams(), r.records(), activeStreams(),
                        r.corrupted() ? " (stopped early at corrupt data, see the errors above)"
                                : r.truncatedBytes() > 0 ? " (" + r.truncatedBytes() + " bytes of torn tail truncated)" : "");
                return r;
            } catch (IOException e) {
                tenants.clear(); // the next attempt starts from an empty memory again
                notReadyReason = "replaying the write-ahead log failed (" + e.getMessage() + (LiveWal.diskFull(e)
                        ? ": the disk is full" : "") + "); retrying in " + backoffMillis / 1000 + " s";
                log.error("WAL replay failed; retrying in {} ms", backoffMillis, e);
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to retry the WAL replay", e);
            }
            if (closed) return null;
        }
    }

    /** True once the WAL replay finished (and until close). */
    public boolean isReady() {
        return ready && !closed;
    }

    @Override
    public String componentName() {
        return "Ingester";
    }

    /** While not ready: what the ingester is doing (or what fails), for {@code /ready}'s answer. */
    @Override
    public Optional<String> notReady() {
        if (isReady()) return Optional.empty();
        if (closed) return Optional.of("the ingester is shutting down");
        String reason = notReadyReason;
        return Optional.of(reason != null ? reason : "replaying the write-ahead log");
    }

    /**
     * Stores a push: Loki's rules decide per stream which entries to keep, the kept entries of all streams go to the WAL
     * as one record, and only once that record is durable are they stored in memory. A push the WAL cannot take is
     * refused whole ({@link PushUnavailableException}); nothing of it is stored.
     */
    @Override
    public PushOutcome push(PushRequest request) throws IOException {
        String tenant = request.tenant();
        List<StreamPush> streams = request.streams();
        if (!ready) throw new IOException("the ingester is not ready: the WAL replay has not finished");
        if (closed) throw new IOException("the ingester is shutting down");
        refuseWhenBacklogFull(streams);
        WriteAheadLog w = cfg.walEnabled() ? liveWal.writable() : null;
        TenantStreams streamsOfTenant = tenants.computeIfAbsent(tenant, TenantStreams::new);
        LimitsConfig tenantLimits = limits.forTenant(tenant);
        int maxStreams = tenantLimits.maxGlobalStreamsPerUser();
        Stream.RateLimit rate = new Stream.RateLimit(tenantLimits.perStreamRateLimit(),
                tenantLimits.perStreamRateLimitBurst());
        long now = clock.millis();
        // Streams are looked up (and created, up to the tenant's limit) in request order. Concurrent pushes usually
        // carry the same streams in the same order (a shipper's batches): decided in that order, they queue behind
        // one another on each stream's lock, and on a busy machine a preempted lock holder stalls them all. Each push
        // therefore decides from a different starting stream. Outcomes are still reported in request order.
        int n = streams.size();
        Stream[] targets = new Stream[n];
        for (int i = 0; i < n; i++) {
            if (!streams.get(i).entries().isEmpty()) {
                targets[i] = streamOf(streamsOfTenant, streams.get(i).labels(), maxStreams, now);
            }
        }
        Stream.Decision[] decisions = new Stream.Decision[n];
        // A stream named twice in one push keeps its parts in request order (duplicates and ordering depend on it).
        int first = n < 2 || repeats(targets) ? 0 : Math.floorMod(pushCount.getAndIncrement(), n);
        for (int k = 0; k < n; k++) {
            int i = (first + k) % n;
            if (targets[i] != null) {
                decisions[i] = decide(streamsOfTenant, targets, i, streams.get(i), maxStreams, rate, now, w == null);
            }
        }
        Map<Stream, List<ChunkEntry>> parts = partsToStore(targets, decisions);
        if (w != null && !parts.isEmpty()) storeDurably(tenant, w, parts, now);

        int accepted = 0;
        long bytes = 0;
        List<String> badEntries = new ArrayList<>(0);
        List<String> limitErrors = new ArrayList<>(0);
        for (int i = 0; i < n; i++) {
            StreamPush push = streams.get(i);
            if (push.entries().isEmpty()) continue;
            Stream.Decision d = decisions[i];
            if (d == null) {
                limitErrors.add(PushErrors.streamLimit(push.labels(), tenant));
                metrics.discarded("stream_limit", push.entries().size());
                continue;
            }
            accepted += d.accepted().size();
            bytes += d.bytes();
            if (!d.rejected().isEmpty()) {
                String message = PushErrors.forStream(tenant, push.labels(), d.rejected(), push.entries().size());
                if (d.rejected().getLast().rateLimited()) limitErrors.add(message);
                else badEntries.add(message);
                long limited = d.rejected().stream().filter(PushErrors.Rejected::rateLimited).count();
                metrics.discarded("per_stream_rate_limit", limited);
                metrics.discarded("too_far_behind", d.rejected().size() - limited);
            }
        }
        if (tails.isTailed(tenant)) parts.forEach((s, entries) -> tails.publish(tenant, s.labels, entries));
        metrics.ingested(accepted, bytes);
        return new PushOutcome(accepted, badEntries, limitErrors);
    }

    /** Decides push {@code i} on its stream; when the flusher dropped that stream meanwhile, on a fresh one. */
    private Stream.Decision decide(TenantStreams streamsOfTenant, Stream[] targets, int i, StreamPush push,
                                   int maxStreams, Stream.RateLimit rate, long now, boolean storeNow) {
        Stream s = targets[i];
        while (true) {
            Stream.Decision d = s.decide(push.entries(), now, storeNow, rate);
            if (d != Stream.Decision.REMOVED) return d;
            s = streamOf(streamsOfTenant, push.labels(), maxStreams, now);
            targets[i] = s;
            if (s == null) return null;
        }
    }

    /**
     * The entries to store per stream, streams in request order; a stream named twice gets its parts joined in
     * request order, and only one of its decisions stays open for {@link Stream#enqueue}.
     */
    private static Map<Stream, List<ChunkEntry>> partsToStore(Stream[] targets, Stream.Decision[] decisions) {
        Map<Stream, List<ChunkEntry>> parts = new LinkedHashMap<>();
        for (int i = 0; i < targets.length; i++) {
            Stream.Decision d = decisions[i];
            if (d == null || d.accepted().isEmpty()) continue;
            List<ChunkEntry> earlier = parts.get(targets[i]);
            if (earlier == null) {
                parts.put(targets[i], d.accepted());
                continue;
            }
            List<ChunkEntry> joined = new ArrayList<>(earlier);
            joined.addAll(d.accepted());
            parts.put(targets[i], joined);
            targets[i].abandon();
        }
        return parts;
    }

    /**
     * Appends the push to the WAL as one record, waits until it is durable, then stores it in each stream. When the
     * WAL fails, nothing of the push is stored and the client hears 503 with the reason.
     */
    private void storeDurably(String tenant, WriteAheadLog w, Map<Stream, List<ChunkEntry>> parts, long now)
            throws PushUnavailableException {
        List<Stream> order = new ArrayList<>(parts.keySet());
        List<StreamEntries> records = new ArrayList<>(order.size());
        for (Stream s : order) records.add(new StreamEntries(s.labels, parts.get(s)));
        long ticket;
        try {
            ticket = w.append(tenant, records, (seq, t) -> {
                for (int j = 0; j < order.size(); j++) order.get(j).enqueue(seq, records.get(j).entries(), w, t);
            });
        } catch (IOException e) {
            for (Stream s : order) s.abandon();
            throw liveWal.refusal(e);
        }
        try {
            w.awaitDurable(ticket);
        } catch (IOException e) {
            for (Stream s : order) s.settle(now); // drops this push's entries
            throw liveWal.refusal(e);
        }
        for (Stream s : order) s.settle(now);
    }

    // ---- microservices mode: a write-log partition's data ----------------------------------------------------

    /** Puts snapshotted streams back into memory; only before {@link #start()}, and only without a WAL. */
    public void restore(List<StreamSnapshot> snapshots) {
        if (cfg.walEnabled() || ready) throw new IllegalStateException("restore is for a partition ingester before start");
        Replay replay = new Replay();
        for (StreamSnapshot s : snapshots) replay.restore(s);
        unflushedBytes.set(heldBytes());
    }

    /**
     * Stores entries the distributor already accepted and the write log holds as record {@code seq} (its offset
     * plus one: sequence numbers start at 1):
     * no limits apply, exact duplicates are dropped, and a record a stream already holds (seq at most the stream's
     * last) is skipped, so that records read again after a takeover are stored once.
     */
    public void applyLogged(long seq, String tenant, Labels labels, List<ChunkEntry> entries) {
        if (!ready) throw new IllegalStateException("the ingester was not started");
        Stream s = new Replay().streamForReplay(tenant, labels);
        long stored = s.replay(new EntriesRecord(seq, tenant, labels, entries), clock.millis());
        if (stored == 0) return;
        unflushedBytes.addAndGet(stored);
        metrics.ingested(entries.size(), stored);
        if (tails.isTailed(tenant)) tails.publish(tenant, labels, entries);
    }

    /**
     * Every stream held in memory, chunks already flushed excepted, as of now: with the write log's offset of the
     * next record, what a new owner needs to continue. Taken under the flush lock so no flush drops a chunk halfway.
     */
    public List<StreamSnapshot> snapshotStreams() {
        flushLock.lock();
        try {
            List<StreamSnapshot> out = new ArrayList<>();
            long now = clock.millis();
            for (TenantStreams t : tenants.values()) {
                for (Stream s : t.all()) {
                    StreamSnapshot snap = s.snapshot(now);
                    if (snap != null && !snap.chunks().isEmpty()) out.add(snap);
                }
            }
            return out;
        } finally {
            flushLock.unlock();
        }
    }

    /** Where live tails subscribe to this ingester's pushes. */
    public LiveTails tails() {
        return tails;
    }

    private static boolean repeats(Stream[] streams) {
        Set<Stream> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Stream s : streams) if (s != null && !seen.add(s)) return true;
        return false;
    }

    /** The tenant's stream with these labels, created if need be; null when the tenant is at its stream limit. */
    private Stream streamOf(TenantStreams streamsOfTenant, Labels labels, int maxStreams, long now) {
        return streamsOfTenant.getOrCreate(labels, maxStreams,
                () -> new Stream(streamsOfTenant.tenant, labels, streamSettings, now, unflushedBytes::addAndGet));
    }

    /**
     * Each stream's entries are collected (as bytes) before they go to the sink, since a stream's blocks and head may
     * overlap in time; what one stream holds is charged to the query's memory while it is collected.
     */
    @Override
    public void scan(String tenant, StreamQuery query, StreamSink sink) {
        TenantStreams streamsOfTenant = tenants.get(tenant);
        if (streamsOfTenant == null) return;
        long from = query.startNanos();
        long to = query.endNanos();
        LineFilter filter = query.filter() == null ? LineFilter.ALL : query.filter();
        QueryContext context = query.context();
        try (MemoryBudget.Account reading = context.memory().account()) {
            for (Stream s : streamsOfTenant.matching(query.matchers())) {
                context.checkCancelled();
                List<MemChunk.ChunkView> views = s.view(from, to);
                if (views.isEmpty()) continue;
                EntryCollector collector = new EntryCollector(query.direction(), query.limit());
                for (MemChunk.ChunkView view : views) {
                    for (Block b : view.blocks()) {
                        context.checkCancelled();
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
                if (collector.isEmpty()) continue;
                long held = MemoryBudget.seriesBytes(s.labels) + collector.heldBytes();
                reading.charge(held);
                collector.emit(sink.open(s.labels));
                reading.release(held);
            }
        }
    }

    /**
     * Runs the query's pipeline over the tenant's streams in memory; blocks (and head entries) the answer no longer
     * wants are skipped without decoding, entries it does not want skip the pipeline.
     */
    @Override
    public void selectLines(String tenant, StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer) {
        TenantStreams streamsOfTenant = tenants.get(tenant);
        if (streamsOfTenant == null) return;
        LinePipelines pipelines = new LinePipelines(pipeline);
        long from = query.startNanos();
        long to = query.endNanos();
        boolean forward = query.direction() == Direction.FORWARD;
        LineFilter filter = query.filter() == null ? LineFilter.ALL : query.filter();
        QueryContext context = query.context();
        for (Stream s : streamsOfTenant.matching(query.matchers())) {
            context.checkCancelled();
            List<MemChunk.ChunkView> views = s.view(from, to);
            if (views.isEmpty()) continue;
            LineSink lines = pipelines.forStream(s.labels, answer);
            EntryVisitor inRange = (ts, buf, off, len, metadata) -> {
                if (ts >= from && ts < to && filter.test(buf, off, len)) lines.accept(ts, buf, off, len, metadata);
            };
            for (MemChunk.ChunkView view : views) {
                for (Block b : view.blocks()) {
                    context.checkCancelled();
                    long nearest = forward ? Math.max(b.minTimestamp(), from) : Math.min(b.maxTimestamp(), to - 1);
                    if (answer.wants(nearest)) b.decode(inRange);
                }
                for (ChunkEntry e : view.head()) {
                    byte[] line = e.line();
                    if (filter.test(line, 0, line.length)) {
                        lines.accept(e.timestampNanos(), line, 0, line.length, e.structuredMetadata());
                    }
                }
            }
            lines.end();
        }
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
     * From the counters of the chunks in memory, closed ones waiting for a flush included (a flushed chunk leaves
     * memory once an index file lists it): no block is decoded.
     */
    @Override
    public List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        TenantStreams streamsOfTenant = tenants.get(tenant);
        if (streamsOfTenant == null) return List.of();
        List<StreamStats> out = new ArrayList<>();
        for (Stream s : streamsOfTenant.matching(matchers)) {
            List<ChunkStats> chunks = s.chunkStats(fromNanos, throughNanos);
            if (!chunks.isEmpty()) out.add(new StreamStats(s.labels, chunks));
        }
        return out;
    }

    /**
     * Null while pushes are accepted; otherwise why they are refused: more unflushed line bytes are held than
     * {@code ingester.max_unflushed_bytes}, which happens when flushes to the object store fail.
     */
    @Override
    public String refusal() {
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
    @Override
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
            liveWal.close();
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
        WriteAheadLog w = liveWal.current();
        if (w != null && !w.hasFailed() && clock.millis() - lastCheckpointMillis >= CHECKPOINT_INTERVAL.toMillis() && w.hasUncheckpointedRecords()) {
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
        WriteAheadLog w = liveWal.current();
        if (w == null || w.hasFailed()) return;
        flushLock.lock();
        try {
            w.checkpoint(sink -> {
                for (TenantStreams t : tenants.values()) {
                    for (Stream s : t.all()) {
                        StreamSnapshot snap = s.snapshot(clock.millis());
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
            return t.getOrCreate(labels, 0, () -> new Stream(tenant, labels, streamSettings, clock.millis(),
                    unflushedBytes::addAndGet));
        }
    }
}

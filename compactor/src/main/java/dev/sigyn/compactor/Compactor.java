package dev.sigyn.compactor;

import dev.sigyn.compactor.deletion.ActiveDelete;
import dev.sigyn.compactor.deletion.DeleteRequests;
import dev.sigyn.config.CompactorConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.index.ObjectKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The compactor service: every {@code compactor.compaction_interval} (and once at start) it merges each tenant's
 * index files per period into one, applies retention and processes the delete requests whose cancel period is
 * over, then deletes the chunk objects that left the index once {@code retention_delete_delay} has passed.
 *
 * <p>Only one compactor may work on a bucket at a time: two would each merge the same files and could delete
 * chunks the other's merged index still lists.
 */
public final class Compactor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);
    /** Names the compactor as the writer of merged index files (ingesters use their host name). */
    static final String WRITER_ID = "compactor";

    private final BlobStore store;
    private final CompactorConfig config;
    /** Asked for each tenant's retention at every pass: overrides may change it while the compactor runs. */
    private final TenantLimits limits;
    private final DeleteRequests deletes;
    private final ChunkRewriter rewriter;
    private final ChunkDeletions chunkDeletions;
    private final CompactorMetrics metrics;
    private final Clock clock;
    private final ReentrantLock passLock = new ReentrantLock();
    private long lastSequence;
    private ScheduledExecutorService loop;

    /**
     * @param limits every tenant's retention; their {@code retention_stream} rules must have passed
     *               {@link RetentionRules#from} already (the server checks them before they apply)
     */
    public Compactor(BlobStore store, CompactorConfig config, TenantLimits limits, DeleteRequests deletes,
                     MeterRegistry metrics, Clock clock) {
        this.store = store;
        this.config = config;
        this.limits = limits;
        this.deletes = deletes;
        this.rewriter = new ChunkRewriter(store);
        this.chunkDeletions = new ChunkDeletions(store, config.retentionDeleteDelay(), clock);
        this.metrics = new CompactorMetrics(metrics);
        this.clock = clock;
    }

    /** Runs a pass now and then every {@code compaction_interval}, on a background thread. */
    public synchronized void start() {
        if (loop != null) return;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sigyn-compactor");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.compactionInterval().toMillis());
        loop.scheduleWithFixedDelay(this::runSafely, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (IOException e) {
            // Usually the object store being unreachable: the next pass retries, one line is enough.
            log.atWarn().addKeyValue("error", e.toString()).log("compaction pass failed; retrying at the next interval");
        } catch (Throwable t) {
            log.atError().setCause(t).log("compaction pass failed");
        }
    }

    /** Runs one pass now, after the one in progress (if any) has finished. Blocks; never call on an event loop. */
    public CompactionSummary runOnce() throws IOException {
        passLock.lock();
        try {
            long started = System.nanoTime();
            try {
                CompactionSummary s = pass();
                metrics.passFinished(s, System.nanoTime() - started, clock.millis() / 1000);
                log.atInfo().addKeyValue("tenants", s.tenants()).addKeyValue("index_files_merged", s.indexFilesMerged())
                        .addKeyValue("chunks_expired", s.chunksExpired()).addKeyValue("chunks_deleted", s.chunksDeleted())
                        .addKeyValue("chunks_rewritten", s.chunksRewritten())
                        .addKeyValue("chunk_objects_deleted", s.chunkObjectsDeleted())
                        .addKeyValue("delete_requests_processed", s.deleteRequestsProcessed())
                        .addKeyValue("failed_tenants", s.failedTenants())
                        .addKeyValue("duration_ms", (System.nanoTime() - started) / 1_000_000)
                        .log("compaction pass done");
                return s;
            } catch (IOException | RuntimeException e) {
                metrics.passFailed();
                throw e;
            }
        } finally {
            passLock.unlock();
        }
    }

    private CompactionSummary pass() throws IOException {
        Instant now = clock.instant();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        Map<String, SortedMap<Long, List<String>>> index = listIndexFiles();
        Set<String> tenants = new TreeSet<>(index.keySet());
        if (config.retentionEnabled()) tenants.addAll(deletes.tenants());

        int merged = 0, written = 0, expired = 0, deleted = 0, rewritten = 0, objectsDeleted = 0, processed = 0, failed = 0;
        long processUpTo = clock.millis() - config.deleteRequestCancelPeriod().toMillis();
        for (String tenant : tenants) {
            List<ActiveDelete> claimed = config.retentionEnabled() ? deletes.claimReceived(tenant, processUpTo) : List.of();
            boolean complete = false;
            try {
                SortedMap<Long, List<String>> files = index.getOrDefault(tenant, new TreeMap<>());
                TenantCompaction.Outcome o = new TenantCompaction(store, tenant, files,
                        config.retentionEnabled() ? RetentionRules.from(limits.forTenant(tenant)) : null, nowNanos,
                        claimed, rewriter, WRITER_ID,
                        this::nextSequence).run();
                merged += o.filesMerged();
                written += o.filesWritten();
                expired += o.chunksRemoved().getOrDefault(ChunkDecision.Reason.RETENTION, 0);
                deleted += o.chunksRemoved().getOrDefault(ChunkDecision.Reason.DELETE_REQUEST, 0);
                rewritten += o.chunksRewritten();
                objectsDeleted += chunkDeletions.schedule(o.chunksToDelete());
                complete = o.complete();
            } catch (IOException | RuntimeException e) {
                log.atWarn().addKeyValue("tenant", tenant).setCause(e).log("compacting a tenant failed; retried on the next pass");
            } finally {
                if (!complete) failed++;
                if (!claimed.isEmpty()) {
                    deletes.finish(tenant, claimed, complete);
                    if (complete) processed += claimed.size();
                }
            }
        }
        objectsDeleted += chunkDeletions.sweep();
        return new CompactionSummary(tenants.size(), merged, written, expired, deleted, rewritten, objectsDeleted,
                processed, failed);
    }

    /** Tenant → period → its index file keys, from one listing of {@code index/}. */
    private Map<String, SortedMap<Long, List<String>>> listIndexFiles() throws IOException {
        Map<String, SortedMap<Long, List<String>>> out = new TreeMap<>();
        for (String key : store.list("index/")) {
            ObjectKeys.IndexFile file = ObjectKeys.parseIndexKey(key);
            if (file == null) continue;
            out.computeIfAbsent(file.tenant(), t -> new TreeMap<>())
                    .computeIfAbsent(file.period(), p -> new ArrayList<>()).add(key);
        }
        return out;
    }

    /** Unique and increasing, close to the wall clock in nanoseconds, like the ingesters' index sequences. */
    private long nextSequence() {
        Instant now = clock.instant();
        lastSequence = Math.max(lastSequence + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return lastSequence;
    }

    /** Stops the background loop, letting a pass in progress finish. */
    @Override
    public synchronized void close() {
        if (loop == null) return;
        loop.shutdown();
        try {
            if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("the compaction pass in progress did not finish within 30 s; interrupting it");
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
        loop = null;
    }
}

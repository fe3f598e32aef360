package dev.sigyn.compactor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.atomic.AtomicLong;

/** The compactor's meters (Prometheus names: dots become underscores, counters get {@code _total}). */
final class CompactorMetrics {
    private final Counter runsSucceeded;
    private final Counter runsFailed;
    private final Timer runDuration;
    private final Counter indexFilesMerged;
    private final Counter chunksExpired;
    private final Counter chunksDeletedByRequests;
    private final Counter chunksRewritten;
    private final Counter chunkObjectsDeleted;
    private final Counter deleteRequestsProcessed;
    private final AtomicLong lastSuccessSeconds = new AtomicLong();

    CompactorMetrics(MeterRegistry registry) {
        runsSucceeded = Counter.builder("sigyn.compactor.runs").tag("status", "success")
                .description("Compaction passes, by outcome").register(registry);
        runsFailed = Counter.builder("sigyn.compactor.runs").tag("status", "failure")
                .description("Compaction passes, by outcome").register(registry);
        runDuration = Timer.builder("sigyn.compactor.run.duration")
                .description("Time a compaction pass took").register(registry);
        indexFilesMerged = Counter.builder("sigyn.compactor.index.files.merged")
                .description("Index files replaced by merged ones").register(registry);
        chunksExpired = Counter.builder("sigyn.compactor.chunks.removed").tag("reason", "retention")
                .description("Chunks removed from the index, by reason").register(registry);
        chunksDeletedByRequests = Counter.builder("sigyn.compactor.chunks.removed").tag("reason", "delete_request")
                .description("Chunks removed from the index, by reason").register(registry);
        chunksRewritten = Counter.builder("sigyn.compactor.chunks.rewritten")
                .description("Chunks rewritten without the lines of delete requests").register(registry);
        chunkObjectsDeleted = Counter.builder("sigyn.compactor.chunks.deleted")
                .description("Chunk objects deleted from the object store").register(registry);
        deleteRequestsProcessed = Counter.builder("sigyn.compactor.delete.requests.processed")
                .description("Delete requests applied to the object store").register(registry);
        Gauge.builder("sigyn.compactor.last.successful.run.timestamp.seconds", lastSuccessSeconds, AtomicLong::get)
                .description("Unix time of the last compaction pass that completed without failures").register(registry);
    }

    void passFinished(CompactionSummary s, long durationNanos, long nowSeconds) {
        runDuration.record(durationNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        indexFilesMerged.increment(s.indexFilesMerged());
        chunksExpired.increment(s.chunksExpired());
        chunksDeletedByRequests.increment(s.chunksDeleted());
        chunksRewritten.increment(s.chunksRewritten());
        chunkObjectsDeleted.increment(s.chunkObjectsDeleted());
        deleteRequestsProcessed.increment(s.deleteRequestsProcessed());
        if (s.failedTenants() == 0) {
            runsSucceeded.increment();
            lastSuccessSeconds.set(nowSeconds);
        } else {
            runsFailed.increment();
        }
    }

    void passFailed() {
        runsFailed.increment();
    }
}

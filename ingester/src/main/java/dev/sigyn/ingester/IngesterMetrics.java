package dev.sigyn.ingester;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The ingester's meters (Prometheus names: dots become underscores, counters get {@code _total}). */
final class IngesterMetrics {
    private final MeterRegistry registry;
    private final Counter linesIngested;
    private final Counter bytesIngested;
    private final Map<FlushReason, Counter> chunksFlushed = new EnumMap<>(FlushReason.class);
    private final DistributionSummary chunkSize;
    private final Timer flushDuration;
    final Timer walFsync;
    private final Timer walReplay;

    IngesterMetrics(MeterRegistry registry, Supplier<Number> activeStreams) {
        this.registry = registry;
        Gauge.builder("sigyn.ingester.memory.streams", activeStreams)
                .description("Streams held in memory (active streams)").register(registry);
        linesIngested = Counter.builder("sigyn.ingester.ingested.lines")
                .description("Entries accepted and written to the WAL").register(registry);
        bytesIngested = Counter.builder("sigyn.ingester.ingested.bytes").baseUnit("bytes")
                .description("Line bytes of accepted entries").register(registry);
        for (FlushReason r : FlushReason.values()) {
            chunksFlushed.put(r, Counter.builder("sigyn.ingester.chunks.flushed").tag("reason", r.tag)
                    .description("Chunks stored and indexed, by why they were flushed").register(registry));
        }
        chunkSize = DistributionSummary.builder("sigyn.ingester.chunk.size").baseUnit("bytes")
                .description("Encoded size of flushed chunks").register(registry);
        flushDuration = Timer.builder("sigyn.ingester.flush.duration")
                .description("Time a flush cycle that had due chunks took").register(registry);
        walFsync = Timer.builder("sigyn.ingester.wal.fsync.duration")
                .description("Time of each WAL fsync (one per group commit)").register(registry);
        walReplay = Timer.builder("sigyn.ingester.wal.replay.duration")
                .description("Time the WAL replay at start took").register(registry);
    }

    /** The backlog that ingester.max_unflushed_bytes bounds, and how long flushes have been failing. */
    void watchBacklog(Supplier<Number> unflushedBytes, Supplier<Number> failedFlushCycles) {
        Gauge.builder("sigyn.ingester.unflushed", unflushedBytes).baseUnit("bytes")
                .description("Line bytes held in memory and not yet in the object store").register(registry);
        Gauge.builder("sigyn.ingester.flush.failing.cycles", failedFlushCycles)
                .description("Flush cycles in a row that could not flush every due chunk (0: the store is healthy)")
                .register(registry);
    }

    void ingested(long lines, long bytes) {
        linesIngested.increment(lines);
        bytesIngested.increment(bytes);
    }

    void discarded(String reason, long lines) {
        if (lines > 0) {
            Counter.builder("sigyn.ingester.discarded.lines").tag("reason", reason)
                    .description("Entries refused by the ingester").register(registry).increment(lines);
        }
    }

    void chunkFlushed(FlushReason reason, long sizeBytes) {
        chunksFlushed.get(reason).increment();
        chunkSize.record(sizeBytes);
    }

    void flushFailed(String what) {
        Counter.builder("sigyn.ingester.flush.failures").tag("object", what)
                .description("Chunk or index writes to the object store that failed (retried next cycle)")
                .register(registry).increment();
    }

    void flushDuration(long nanos) {
        flushDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void replayDuration(long nanos) {
        walReplay.record(nanos, TimeUnit.NANOSECONDS);
    }
}

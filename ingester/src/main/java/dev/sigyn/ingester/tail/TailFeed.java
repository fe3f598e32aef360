package dev.sigyn.ingester.tail;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TailListener;
import dev.sigyn.store.chunk.ChunkEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One live tail in the ingester, as Loki's ingester tailer: the entries of the streams its query selects wait in a
 * bounded queue, and a worker runs the query's pipeline over them and hands the surviving lines to the listener.
 * {@link #offer} runs on the pushing thread while the client waits, so it only queues: the pipeline never runs there.
 * Entries that do not fit in the queue are dropped before the pipeline, and the listener hears of each (up to
 * {@value #MAX_DROP_NOTES} waiting notes) before the next lines.
 */
final class TailFeed implements LiveTails.Subscription {
    private static final Logger log = LoggerFactory.getLogger(TailFeed.class);
    /** Entries a tail may have waiting for its pipeline; a tail that falls further behind drops what does not fit. */
    static final int DEFAULT_MAX_QUEUED_ENTRIES = 10_000;
    /** As Loki, at most this many dropped-entry notes wait to be told; later drops go unreported. */
    static final int MAX_DROP_NOTES = 1000;
    /** A worker gives its thread back after this many entries, so that one busy tail cannot keep it. */
    private static final int MAX_ENTRIES_PER_RUN = 1000;
    private static final int MAX_CACHED_STREAM_PIPELINES = 1024;

    private record Batch(Labels stream, List<ChunkEntry> entries) {
    }

    private record DropNote(Labels stream, long timestampNanos) {
    }

    private final List<LabelMatcher> matchers;
    private final TailListener listener;
    private final Executor worker;
    private final int maxQueuedEntries;
    private final Consumer<TailFeed> unregister;

    private final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEntries = new AtomicInteger();
    private final ArrayDeque<DropNote> drops = new ArrayDeque<>(); // guarded by itself
    /** Set while a drain is queued or running: one at a time, so the listener's calls never overlap. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;

    // Touched only by the drain.
    private final Pipeline pipeline;
    private final Map<Labels, StreamPipeline> streamPipelines = new HashMap<>();

    /** @throws dev.sigyn.logql.syntax.ParseException when the query's pipeline does not compile */
    TailFeed(LogSelectorExpr query, TailListener listener, Executor worker, int maxQueuedEntries,
             Consumer<TailFeed> unregister) {
        this.matchers = query.matchers();
        this.pipeline = PipelineCompiler.compile(query);
        this.listener = listener;
        this.worker = worker;
        this.maxQueuedEntries = maxQueuedEntries;
        this.unregister = unregister;
    }

    boolean selects(Labels stream) {
        for (LabelMatcher m : matchers) if (!m.matches(stream)) return false;
        return true;
    }

    /** Queues a stream's new entries for the worker; never blocks. {@code entries} must not change afterwards. */
    void offer(Labels stream, List<ChunkEntry> entries) {
        if (closed || entries.isEmpty()) return;
        int room = reserve(entries.size());
        if (room > 0) queue.add(new Batch(stream, room == entries.size() ? entries : entries.subList(0, room)));
        if (room < entries.size()) noteDropped(stream, entries.subList(room, entries.size()));
        schedule();
    }

    /** Takes up to {@code wanted} places in the queue; returns how many it got. */
    private int reserve(int wanted) {
        while (true) {
            int queued = queuedEntries.get();
            int room = Math.min(wanted, maxQueuedEntries - queued);
            if (room <= 0) return 0;
            if (queuedEntries.compareAndSet(queued, queued + room)) return room;
        }
    }

    private void noteDropped(Labels stream, List<ChunkEntry> entries) {
        synchronized (drops) {
            for (ChunkEntry e : entries) {
                if (drops.size() >= MAX_DROP_NOTES) return;
                drops.add(new DropNote(stream, e.timestampNanos()));
            }
        }
    }

    private void schedule() {
        if (closed || !scheduled.compareAndSet(false, true)) return;
        try {
            worker.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Only when the threads are shutting down: nothing would ever read this tail's queue again.
            scheduled.set(false);
            log.atDebug().setCause(e).log("a live tail's worker refused it; the tail is closed");
            close();
        }
    }

    private void drain() {
        try {
            tellDrops();
            int entries = 0;
            for (Batch b; entries < MAX_ENTRIES_PER_RUN && !closed && (b = queue.poll()) != null; ) {
                queuedEntries.addAndGet(-b.entries().size());
                entries += b.entries().size();
                runPipeline(b);
            }
        } catch (RuntimeException e) {
            // The push that brought the entries has been answered: only this tail can fail.
            log.atWarn().setCause(e).log("a live tail failed; it is closed");
            close();
        } finally {
            scheduled.set(false);
        }
        if (!closed && (!queue.isEmpty() || hasDrops())) schedule();
    }

    private void tellDrops() {
        List<DropNote> notes;
        synchronized (drops) {
            if (drops.isEmpty()) return;
            notes = new ArrayList<>(drops);
            drops.clear();
        }
        for (DropNote d : notes) listener.onDropped(d.stream(), d.timestampNanos());
    }

    private boolean hasDrops() {
        synchronized (drops) {
            return !drops.isEmpty();
        }
    }

    private void runPipeline(Batch batch) {
        StreamPipeline sp = streamPipeline(batch.stream());
        for (ChunkEntry e : batch.entries()) {
            if (closed) return;
            byte[] line = e.line();
            if (sp.process(e.timestampNanos(), line, line.length, e.structuredMetadata())) {
                listener.onLine(LogLine.of(e.timestampNanos(), sp.line().toString(), sp.labels()));
            }
        }
    }

    private StreamPipeline streamPipeline(Labels stream) {
        StreamPipeline sp = streamPipelines.get(stream);
        if (sp == null) {
            if (streamPipelines.size() >= MAX_CACHED_STREAM_PIPELINES) streamPipelines.clear();
            sp = pipeline.forStream(stream);
            streamPipelines.put(stream, sp);
        }
        return sp;
    }

    /** Stops the tail and frees its place in the tenant's limit; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        queue.clear();
        unregister.accept(this);
    }
}

package dev.sigyn.querier;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.eval.SampleData;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A tenant's lines from every source, asked in turn on the calling worker and merged; counts what the sources
 * returned for the statistics. For evaluations that read data in the middle of their work. Reads for the call's
 * {@link QueryContext}: they stop once it is cancelled, and the entries held here are charged to its memory budget.
 */
final class TenantData implements SampleData {
    private final SourceFanOut sources;
    private final String tenant;
    private final QueryContext context;
    long lines;
    long bytes;

    /** The data of the call's tenant, read until the call is cancelled (its {@code query_timeout}, a failure). */
    TenantData(SourceFanOut sources, Call call) {
        this.sources = sources;
        this.tenant = call.tenant;
        this.context = call.context;
    }

    @Override
    public QueryContext context() {
        return context;
    }

    /** The merged streams; their entries stay charged to the call's memory budget until the call ends. */
    @Override
    public List<StreamResult> select(StreamQuery query) throws IOException {
        StreamQuery forCall = query.withContext(context);
        List<List<StreamResult>> answers = sources.askInTurn(context, source -> source.select(tenant, forCall));
        MemoryBudget memory = context.memory();
        for (List<StreamResult> streams : answers) {
            for (StreamResult s : streams) {
                lines += s.entries().size();
                long held = 0;
                for (Entry e : s.entries()) {
                    int length = Utf8.length(e.line());
                    bytes += length;
                    held += MemoryBudget.entryBytes(length);
                }
                memory.charge(held);
            }
        }
        return StreamMerger.merge(answers, query.direction(), Integer.MAX_VALUE, 0, context.cancellation());
    }

    /**
     * The same data as {@link #select}, as line bytes. Every source but the last (ingester memory, small) answers
     * with whole entries first; the last (the object store, large) streams its lines straight to {@code sink}, except
     * for streams a memory source also holds: those are buffered and merged (duplicates dropped) as in select. What
     * is held for that counts against the call's memory budget until the scan ends.
     */
    @Override
    public void scan(StreamQuery query, StreamSink sink) throws IOException {
        StreamQuery forCall = query.withContext(context);
        List<LogSource> all = sources.sources();
        LongAdder lineCount = new LongAdder(), byteCount = new LongAdder();
        Map<Labels, List<StreamResult>> held = new HashMap<>();
        try (MemoryBudget.Account buffered = context.memory().account()) {
            for (LogSource source : all.subList(0, all.size() - 1)) {
                checkCancelled();
                for (StreamResult s : source.select(tenant, forCall)) {
                    held.computeIfAbsent(s.labels(), l -> new ArrayList<>()).add(s);
                    lineCount.add(s.entries().size());
                    long heldBytes = 0;
                    for (Entry e : s.entries()) {
                        int length = Utf8.length(e.line());
                        byteCount.add(length);
                        heldBytes += MemoryBudget.entryBytes(length);
                    }
                    buffered.charge(heldBytes);
                }
            }
            checkCancelled();
            Set<Labels> merged = ConcurrentHashMap.newKeySet();
            all.getLast().scan(tenant, forCall, labels -> {
                List<StreamResult> inMemory = held.get(labels);
                if (inMemory == null) return new Counting(sink.open(labels), lineCount, byteCount);
                merged.add(labels);
                return new Merging(inMemory, forCall, sink, lineCount, byteCount, buffered);
            });
            for (Map.Entry<Labels, List<StreamResult>> e : held.entrySet()) {
                checkCancelled();
                if (!merged.contains(e.getKey())) replay(merge(e.getValue(), List.of(), forCall), sink);
            }
        }
        lines += lineCount.sum();
        bytes += byteCount.sum();
    }

    /** One stream's entries from memory and from the last source, sorted and without duplicates. */
    private static StreamResult merge(List<StreamResult> inMemory, List<Entry> fromLast, StreamQuery query) {
        List<List<StreamResult>> answers = new ArrayList<>();
        for (StreamResult s : inMemory) answers.add(List.of(s));
        if (!fromLast.isEmpty()) answers.add(List.of(new StreamResult(inMemory.getFirst().labels(), fromLast)));
        List<StreamResult> merged = StreamMerger.merge(answers, query.direction(), Integer.MAX_VALUE, 0,
                query.context().cancellation());
        return merged.isEmpty() ? null : merged.getFirst();
    }

    private static void replay(StreamResult stream, StreamSink sink) {
        if (stream == null) return;
        LineSink lines = sink.open(stream.labels());
        for (Entry e : stream.entries()) {
            byte[] line = e.line().getBytes(StandardCharsets.UTF_8);
            lines.accept(e.timestampNanos(), line, 0, line.length, e.structuredMetadata());
        }
        lines.end();
    }

    /** Passes lines through, counting them for the statistics. */
    private static final class Counting implements LineSink {
        private final LineSink next;
        private final LongAdder lineCount, byteCount;
        private long lines, bytes;

        Counting(LineSink next, LongAdder lineCount, LongAdder byteCount) {
            this.next = next;
            this.lineCount = lineCount;
            this.byteCount = byteCount;
        }

        @Override
        public void accept(long ts, byte[] buf, int off, int len, Labels metadata) {
            lines++;
            bytes += len;
            next.accept(ts, buf, off, len, metadata);
        }

        @Override
        public void end() {
            lineCount.add(lines);
            byteCount.add(bytes);
            next.end();
        }
    }

    /** Buffers a stream that memory also holds (charged to the scan's account), then hands the merged entries on. */
    private static final class Merging implements LineSink {
        private final List<StreamResult> inMemory;
        private final StreamQuery query;
        private final StreamSink sink;
        private final LongAdder lineCount, byteCount;
        private final MemoryBudget.Account buffered;
        private final List<Entry> fromLast = new ArrayList<>();

        Merging(List<StreamResult> inMemory, StreamQuery query, StreamSink sink, LongAdder lineCount,
                LongAdder byteCount, MemoryBudget.Account buffered) {
            this.inMemory = inMemory;
            this.query = query;
            this.sink = sink;
            this.lineCount = lineCount;
            this.byteCount = byteCount;
            this.buffered = buffered;
        }

        @Override
        public void accept(long ts, byte[] buf, int off, int len, Labels metadata) {
            lineCount.increment();
            byteCount.add(len);
            buffered.charge(MemoryBudget.entryBytes(len));
            fromLast.add(new Entry(ts, new String(buf, off, len, StandardCharsets.UTF_8), metadata));
        }

        @Override
        public void end() {
            replay(merge(inMemory, fromLast, query), sink);
        }
    }
}

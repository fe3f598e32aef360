package dev.sigyn.querier;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.eval.SampleData;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
     * The same data as {@link #select}, as line bytes. A stream only one source holds goes straight from that source
     * to {@code sink}; a stream several sources hold (ingester memory and the object store, after a flush) is
     * buffered from each of them and merged, duplicates dropped, as in select. What is buffered counts against the
     * call's memory budget until the scan ends. Which streams are shared the sources' series tell beforehand.
     */
    @Override
    public void scan(StreamQuery query, StreamSink sink) throws IOException {
        StreamQuery forCall = query.withContext(context);
        List<LogSource> all = sources.sources();
        Set<Labels> shared = sharedStreams(all, forCall);
        LongAdder lineCount = new LongAdder(), byteCount = new LongAdder();
        Map<Labels, List<StreamResult>> held = new ConcurrentHashMap<>();
        try (MemoryBudget.Account buffered = context.memory().account()) {
            for (LogSource source : all) {
                checkCancelled();
                source.scan(tenant, forCall, labels -> shared.contains(labels)
                        ? new Holding(labels, held, lineCount, byteCount, buffered)
                        : new Counting(sink.open(labels), lineCount, byteCount));
            }
            for (List<StreamResult> copies : held.values()) {
                checkCancelled();
                replay(merge(copies, forCall), sink);
            }
        }
        lines += lineCount.sum();
        bytes += byteCount.sum();
    }

    /** Streams the query selects in more than one source. */
    private Set<Labels> sharedStreams(List<LogSource> all, StreamQuery query) throws IOException {
        if (all.size() < 2) return Set.of();
        Map<Labels, Integer> holders = new HashMap<>();
        for (LogSource source : all) {
            checkCancelled();
            for (Labels l : source.series(tenant, query.matchers(), query.startNanos(), query.endNanos())) {
                holders.merge(l, 1, Integer::sum);
            }
        }
        Set<Labels> shared = new HashSet<>();
        holders.forEach((labels, n) -> {
            if (n > 1) shared.add(labels);
        });
        return shared;
    }

    /**
     * A log query's pipeline run in every source, all delivering to {@code answer}; what the sources read is counted
     * for the statistics. The sources are asked in turn, so that a later one starts with the bound the earlier ones
     * left in the answer.
     */
    @Override
    public void selectLines(StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer) throws IOException {
        StreamQuery forCall = query.withContext(context);
        LongAdder lineCount = new LongAdder(), byteCount = new LongAdder();
        LogLineSink counted = new LogLineSink() {
            @Override
            public boolean wants(long timestampNanos) {
                return answer.wants(timestampNanos);
            }

            @Override
            public void accept(LogLine line) {
                answer.accept(line);
            }

            @Override
            public void read(long lines, long bytes) {
                lineCount.add(lines);
                byteCount.add(bytes);
                answer.read(lines, bytes);
            }
        };
        sources.askInTurn(context, source -> {
            source.selectLines(tenant, forCall, pipeline, counted);
            return null;
        });
        lines += lineCount.sum();
        bytes += byteCount.sum();
    }

    /** One stream's copies from several sources, sorted and without duplicates. */
    private static StreamResult merge(List<StreamResult> copies, StreamQuery query) {
        List<List<StreamResult>> answers = new ArrayList<>(copies.size());
        for (StreamResult s : copies) answers.add(List.of(s));
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

    /** Buffers one source's copy of a stream other sources also hold (charged to the scan's account). */
    private static final class Holding implements LineSink {
        private final Labels labels;
        private final Map<Labels, List<StreamResult>> held;
        private final LongAdder lineCount, byteCount;
        private final MemoryBudget.Account buffered;
        private final List<Entry> entries = new ArrayList<>();

        Holding(Labels labels, Map<Labels, List<StreamResult>> held, LongAdder lineCount, LongAdder byteCount,
                MemoryBudget.Account buffered) {
            this.labels = labels;
            this.held = held;
            this.lineCount = lineCount;
            this.byteCount = byteCount;
            this.buffered = buffered;
        }

        @Override
        public void accept(long ts, byte[] buf, int off, int len, Labels metadata) {
            lineCount.increment();
            byteCount.add(len);
            buffered.charge(MemoryBudget.entryBytes(len));
            entries.add(new Entry(ts, new String(buf, off, len, StandardCharsets.UTF_8), metadata));
        }

        @Override
        public void end() {
            if (entries.isEmpty()) return;
            held.computeIfAbsent(labels, l -> Collections.synchronizedList(new ArrayList<>()))
                    .add(new StreamResult(labels, entries));
        }
    }
}

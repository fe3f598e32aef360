package dev.sigyn.querier;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.eval.SampleData;
import dev.sigyn.logql.eval.SampleExtraction;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
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
 * A tenant's lines and samples from every source, asked in turn on the calling worker and merged; counts what the
 * sources read for the statistics. For evaluations that read data in the middle of their work. Reads for the call's
 * {@link QueryContext}: they stop once it is cancelled, and the entries held here are charged to its memory budget.
 */
final class TenantData implements SampleData {
    private final SourceFanOut sources;
    private final String tenant;
    private final ReadScope scope;
    private final QueryContext context;
    long lines;
    long bytes;

    /** The data of the call's tenant, read until the call is cancelled (its {@code query_timeout}, a failure). */
    TenantData(SourceFanOut sources, Call call) {
        this(sources, call.tenant, call.scope, call.context);
    }

    /** What {@code scope} may read of the tenant's data, read until {@code context} is cancelled. */
    TenantData(SourceFanOut sources, String tenant, ReadScope scope, QueryContext context) {
        this.sources = sources;
        this.tenant = tenant;
        this.scope = scope;
        this.context = context;
    }

    @Override
    public QueryContext context() {
        return context;
    }

    /**
     * A metric query's samples from every source, extracted there. A stream only one source holds goes straight to
     * {@code sink}; the copies of a stream several sources hold (ingester memory and the object store, after a flush)
     * are merged first, each line's samples kept once ({@link SampleCopies}). Which streams are shared the sources'
     * series tell beforehand, so the answer does not depend on the order of the sources.
     */
    @Override
    public void selectSamples(StreamQuery query, SampleExtraction extraction, SampleSink sink) throws IOException {
        StreamQuery forCall = query.withContext(context);
        List<LogSource> all = sources.sources(scope);
        Set<Labels> shared = sharedStreams(all, forCall);
        LongAdder lineCount = new LongAdder(), byteCount = new LongAdder();
        Map<Labels, List<List<SampleSink.ExtractedSeries>>> held = new ConcurrentHashMap<>();
        SampleSink routed = new SampleSink() {
            @Override
            public void accept(Labels stream, List<SampleSink.ExtractedSeries> series) {
                if (!shared.contains(stream)) sink.accept(stream, series);
                else held.computeIfAbsent(stream, l -> Collections.synchronizedList(new ArrayList<>())).add(series);
            }

            @Override
            public boolean needsLineKeys(Labels stream) {
                return shared.contains(stream);
            }

            @Override
            public void read(long lines, long bytes) {
                lineCount.add(lines);
                byteCount.add(bytes);
                sink.read(lines, bytes);
            }
        };
        for (LogSource source : all) {
            checkCancelled();
            source.selectSamples(tenant, forCall, extraction, routed);
        }
        for (Map.Entry<Labels, List<List<SampleSink.ExtractedSeries>>> copies : held.entrySet()) {
            checkCancelled();
            sink.accept(copies.getKey(), SampleCopies.merge(copies.getValue()));
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
        sources.askInTurn(scope, context, source -> {
            source.selectLines(tenant, forCall, pipeline, counted);
            return null;
        });
        lines += lineCount.sum();
        bytes += byteCount.sum();
    }
}

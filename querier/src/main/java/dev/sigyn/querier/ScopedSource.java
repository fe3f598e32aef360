package dev.sigyn.querier;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.eval.SampleExtraction;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LinePipelines;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A source as one read may see it ({@link ReadScope}). Every call is asked per tenant of the read, with the
 * selection narrowed to the tenant's grant selectors, so that the source itself selects only readable streams by
 * their stored labels: what a pipeline later does to labels (a parser, {@code label_format}, a label filter) cannot
 * make another stream visible. The tenant argument of each call is the read's and is not used. A multi-tenant read's
 * streams gain {@code __tenant_id__} in what is handed on.
 */
final class ScopedSource implements LogSource, IndexStatsSource {
    /** Takes a hidden stream's entries and drops them. */
    private static final LineSink DROPPED = (ts, buf, off, len, metadata) -> {};

    private final LogSource lines;
    private final IndexStatsSource stats;
    private final ReadScope scope;

    ScopedSource(LogSource lines, IndexStatsSource stats, ReadScope scope) {
        this.lines = lines;
        this.stats = stats;
        this.scope = scope;
    }

    @Override
    public void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException {
        for (ReadScope.Part part : scope.parts(query.matchers())) {
            scanPart(part, query, labels -> sink.open(part.shown(labels)));
        }
    }

    /** The part's streams to {@code sink} under their stored labels. */
    private void scanPart(ReadScope.Part part, StreamQuery query, StreamSink sink) throws IOException {
        List<List<LabelMatcher>> selections = part.selections();
        for (int i = 0; i < selections.size(); i++) {
            int selection = i;
            lines.scan(part.tenant(), query.withMatchers(selections.get(i)),
                    labels -> part.seenBefore(selection, labels) ? DROPPED : sink.open(labels));
        }
    }

    @Override
    public void selectLines(String tenant, StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer)
            throws IOException {
        for (ReadScope.Part part : scope.parts(query.matchers())) {
            LogLineSink shown = part.tenantLabel() == null ? answer : new TenantLines(answer, part);
            if (part.selections().size() == 1) {
                lines.selectLines(part.tenant(), query.withMatchers(part.selections().getFirst()), pipeline, shown);
            } else {
                // Which grant selected a line cannot be told once the pipeline ran in the source: run it here.
                LinePipelines pipelines = new LinePipelines(pipeline);
                scanPart(part, query.everyEntry(), labels -> pipelines.forStream(labels, shown));
            }
        }
    }

    @Override
    public void selectSamples(String tenant, StreamQuery query, SampleExtraction extraction, SampleSink sink)
            throws IOException {
        for (ReadScope.Part part : scope.parts(query.matchers())) {
            List<List<LabelMatcher>> selections = part.selections();
            for (int i = 0; i < selections.size(); i++) {
                lines.selectSamples(part.tenant(), query.withMatchers(selections.get(i)), extraction,
                        new PartSamples(sink, part, i));
            }
        }
    }

    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos)
            throws IOException {
        Set<Labels> out = new HashSet<>();
        for (ReadScope.Part part : scope.parts(matchers)) {
            for (List<LabelMatcher> selection : part.selections()) {
                for (Labels l : lines.series(part.tenant(), selection, startNanos, endNanos)) out.add(part.shown(l));
            }
        }
        return out;
    }

    @Override
    public List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos)
            throws IOException {
        List<StreamStats> out = new ArrayList<>();
        for (ReadScope.Part part : scope.parts(matchers)) {
            List<List<LabelMatcher>> selections = part.selections();
            for (int i = 0; i < selections.size(); i++) {
                for (StreamStats s : stats.chunkStats(part.tenant(), selections.get(i), fromNanos, throughNanos)) {
                    if (!part.seenBefore(i, s.labels())) out.add(new StreamStats(part.shown(s.labels()), s.chunks()));
                }
            }
        }
        return out;
    }

    /** A multi-tenant read's lines, their stream labels with the tenant's. */
    private record TenantLines(LogLineSink answer, ReadScope.Part part) implements LogLineSink {
        @Override
        public boolean wants(long timestampNanos) {
            return answer.wants(timestampNanos);
        }

        @Override
        public void accept(LogLine line) {
            answer.accept(new LogLine(line.timestampNanos(), line.line(), part.shown(line.stream()),
                    line.structuredMetadata(), line.parsed()));
        }

        @Override
        public void read(long lines, long bytes) {
            answer.read(lines, bytes);
        }
    }

    /** One selection's samples: streams an earlier selection delivered left out, the tenant's label added. */
    private record PartSamples(SampleSink sink, ReadScope.Part part, int selection) implements SampleSink {
        @Override
        public void accept(Labels stream, List<ExtractedSeries> series) {
            if (part.seenBefore(selection, stream)) return;
            if (part.tenantLabel() == null) {
                sink.accept(stream, series);
                return;
            }
            List<ExtractedSeries> shown = new ArrayList<>(series.size());
            for (ExtractedSeries s : series) {
                shown.add(new ExtractedSeries(part.shown(s.labels()), s.samples(), s.lineKeys()));
            }
            sink.accept(part.shown(stream), shown);
        }

        @Override
        public boolean needsLineKeys(Labels stream) {
            return sink.needsLineKeys(part.shown(stream));
        }

        @Override
        public void read(long lines, long bytes) {
            sink.read(lines, bytes);
        }
    }
}

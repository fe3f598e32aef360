package dev.sigyn.compactor.deletion;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.eval.SampleExtraction;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Wraps a log source (ingester memory or the object store) so that lines covered by a tenant's delete requests are
 * not returned, from the moment a request is created until, and after, the compactor has removed them from storage.
 * Log, metric and volume queries all read through it, so all of them stop seeing the lines.
 *
 * <p>Without a delete request overlapping the query's range, every call goes straight to the inner source. With one,
 * the inner source's entries pass through a filter stream by stream ({@link #scan}), and pipelines and extractions run
 * over what the filter keeps; a stream's limit is then applied after the filter, so that a log query still gets
 * {@code limit} lines when the source has them.
 */
public final class DeleteFilteringLogSource implements LogSource {
    private final LogSource inner;
    private final DeleteRequests requests;

    public DeleteFilteringLogSource(LogSource inner, DeleteRequests requests) {
        this.inner = inner;
        this.requests = requests;
    }

    @Override
    public void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException {
        List<ActiveDelete> deletes = overlapping(tenant, query);
        if (deletes.isEmpty()) {
            inner.scan(tenant, query, sink);
            return;
        }
        StreamQuery everyEntry = new StreamQuery(query.matchers(), query.filter(), query.startNanos(), query.endNanos(),
                query.direction(), 0, query.context());
        inner.scan(tenant, everyEntry, labels -> {
            List<ActiveDelete> applicable = applicable(deletes, labels);
            LineSink lines = sink.open(labels);
            return applicable.isEmpty() && query.limit() <= 0 ? lines : new Kept(labels, applicable, query.limit(), lines);
        });
    }

    /** What a stream keeps: the lines no applicable request deletes, up to the limit (entries come in direction). */
    private static final class Kept implements LineSink {
        private final List<ActiveDelete> applicable;
        private final DeleteQuery.LineTest[] tests;
        private final int limit;
        private final LineSink out;
        private int kept;

        Kept(Labels labels, List<ActiveDelete> applicable, int limit, LineSink out) {
            this.applicable = applicable;
            this.tests = new DeleteQuery.LineTest[applicable.size()];
            for (int i = 0; i < tests.length; i++) tests[i] = applicable.get(i).query().forStream(labels);
            this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
            this.out = out;
        }

        @Override
        public void accept(long ts, byte[] buf, int off, int len, Labels metadata) {
            if (kept >= limit || deleted(ts, buf, off, len, metadata)) return;
            kept++;
            out.accept(ts, buf, off, len, metadata);
        }

        @Override
        public void end() {
            out.end();
        }

        private boolean deleted(long ts, byte[] buf, int off, int len, Labels metadata) {
            for (int i = 0; i < tests.length; i++) {
                if (!applicable.get(i).request().covers(ts)) continue;
                if (tests[i] == DeleteQuery.LineTest.ALL) return true;
                if (tests[i].deletes(ts, buf, off, len, metadata)) return true;
            }
            return false;
        }
    }

    /**
     * Without a delete request for the range, the inner source runs the pipeline itself; with one, deleted lines
     * are dropped before the pipeline sees them.
     */
    @Override
    public void selectLines(String tenant, StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer)
            throws IOException {
        if (!overlapping(tenant, query).isEmpty()) LogSource.super.selectLines(tenant, query, pipeline, answer);
        else inner.selectLines(tenant, query, pipeline, answer);
    }

    /** Without a delete request for the range the inner source extracts the samples; with one, from kept lines. */
    @Override
    public void selectSamples(String tenant, StreamQuery query, SampleExtraction extraction, SampleSink sink)
            throws IOException {
        if (!overlapping(tenant, query).isEmpty()) LogSource.super.selectSamples(tenant, query, extraction, sink);
        else inner.selectSamples(tenant, query, extraction, sink);
    }

    /** Series are not filtered: as in Loki, a stream whose lines were all deleted may still be listed. */
    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) throws IOException {
        return inner.series(tenant, matchers, startNanos, endNanos);
    }

    /** The tenant's delete requests that may cover lines in the query's range. */
    private List<ActiveDelete> overlapping(String tenant, StreamQuery query) throws IOException {
        List<ActiveDelete> deletes = new ArrayList<>(0);
        for (ActiveDelete d : requests.forQueries(tenant)) {
            if (d.request().overlaps(query.startNanos(), query.endNanos() - 1)) deletes.add(d);
        }
        return deletes;
    }

    private static List<ActiveDelete> applicable(List<ActiveDelete> deletes, Labels labels) {
        List<ActiveDelete> out = new ArrayList<>(0);
        for (ActiveDelete d : deletes) if (d.query().matches(labels)) out.add(d);
        return out;
    }
}

package dev.sigyn.compactor.deletion;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.eval.SampleExtraction;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Wraps a log source (ingester memory or the object store) so that lines covered by a tenant's delete requests are
 * not returned, from the moment a request is created until, and after, the compactor has removed them from storage.
 * Log, metric and volume queries all read through {@link #select}, so all of them stop seeing the lines.
 *
 * <p>When a stream was cut at the query's limit and lines were dropped from it, the stream is asked again with a
 * larger limit, so that a log query still gets {@code limit} lines when the source has them.
 */
public final class DeleteFilteringLogSource implements LogSource {
    private final LogSource inner;
    private final DeleteRequests requests;

    public DeleteFilteringLogSource(LogSource inner, DeleteRequests requests) {
        this.inner = inner;
        this.requests = requests;
    }

    @Override
    public List<StreamResult> select(String tenant, StreamQuery query) throws IOException {
        List<ActiveDelete> deletes = new ArrayList<>();
        for (ActiveDelete d : requests.forQueries(tenant)) {
            if (d.request().overlaps(query.startNanos(), query.endNanos() - 1)) deletes.add(d);
        }
        List<StreamResult> streams = inner.select(tenant, query);
        if (deletes.isEmpty()) return streams;
        List<StreamResult> out = new ArrayList<>(streams.size());
        for (StreamResult s : streams) {
            List<ActiveDelete> applicable = applicable(deletes, s.labels());
            if (applicable.isEmpty()) {
                out.add(s);
                continue;
            }
            List<Entry> kept = keep(s.labels(), s.entries(), applicable);
            if (kept.size() == s.entries().size()) {
                out.add(s);
                continue;
            }
            boolean cut = query.limit() > 0 && s.entries().size() >= query.limit();
            if (cut) kept = refill(tenant, query, s.labels(), applicable);
            if (!kept.isEmpty()) out.add(new StreamResult(s.labels(), kept));
        }
        return out;
    }

    /** Without a delete request for the range, the inner source streams its lines itself (no String per line). */
    @Override
    public void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException {
        if (deletesOverlap(tenant, query)) LogSource.super.scan(tenant, query, sink);
        else inner.scan(tenant, query, sink);
    }

    /**
     * Without a delete request for the range, the inner source applies the limit across all its streams at once
     * (streams stop reading past the limit-th entry); with one, every stream is filtered as {@link #select} does.
     */
    @Override
    public List<StreamResult> selectFirst(String tenant, StreamQuery query) throws IOException {
        return deletesOverlap(tenant, query) ? select(tenant, query) : inner.selectFirst(tenant, query);
    }

    private boolean deletesOverlap(String tenant, StreamQuery query) throws IOException {
        for (ActiveDelete d : requests.forQueries(tenant)) {
            if (d.request().overlaps(query.startNanos(), query.endNanos() - 1)) return true;
        }
        return false;
    }

    /**
     * Without a delete request for the range, the inner source runs the pipeline itself; with one, deleted lines
     * are dropped before the pipeline sees them.
     */
    @Override
    public void selectLines(String tenant, StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer)
            throws IOException {
        if (deletesOverlap(tenant, query)) LogSource.super.selectLines(tenant, query, pipeline, answer);
        else inner.selectLines(tenant, query, pipeline, answer);
    }

    /** Without a delete request for the range the inner source extracts the samples; with one, from kept lines. */
    @Override
    public void selectSamples(String tenant, StreamQuery query, SampleExtraction extraction, SampleSink sink)
            throws IOException {
        if (deletesOverlap(tenant, query)) LogSource.super.selectSamples(tenant, query, extraction, sink);
        else inner.selectSamples(tenant, query, extraction, sink);
    }

    /** Series are not filtered: as in Loki, a stream whose lines were all deleted may still be listed. */
    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) throws IOException {
        return inner.series(tenant, matchers, startNanos, endNanos);
    }

    /** Asks for one stream again with growing limits until {@code limit} lines survive or the stream is exhausted. */
    private List<Entry> refill(String tenant, StreamQuery q, Labels labels, List<ActiveDelete> applicable) throws IOException {
        List<LabelMatcher> exact = new ArrayList<>(q.matchers());
        for (Label l : labels.asList()) exact.add(LabelMatcher.of(l.name(), LabelMatcher.Type.EQ, l.value()));
        long limit = q.limit();
        while (true) {
            limit = Math.min(Integer.MAX_VALUE, limit * 2);
            StreamQuery again = new StreamQuery(exact, q.filter(), q.startNanos(), q.endNanos(), q.direction(), (int) limit,
                    q.context());
            List<Entry> raw = List.of();
            for (StreamResult r : inner.select(tenant, again)) if (r.labels().equals(labels)) raw = r.entries();
            List<Entry> kept = keep(labels, raw, applicable);
            if (kept.size() >= q.limit()) return List.copyOf(kept.subList(0, q.limit()));
            if (raw.size() < limit || limit == Integer.MAX_VALUE) return kept;
        }
    }

    private static List<ActiveDelete> applicable(List<ActiveDelete> deletes, Labels labels) {
        List<ActiveDelete> out = new ArrayList<>(0);
        for (ActiveDelete d : deletes) if (d.query().matches(labels)) out.add(d);
        return out;
    }

    private static List<Entry> keep(Labels labels, List<Entry> entries, List<ActiveDelete> applicable) {
        DeleteQuery.LineTest[] tests = new DeleteQuery.LineTest[applicable.size()];
        for (int i = 0; i < tests.length; i++) tests[i] = applicable.get(i).query().forStream(labels);
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (!deleted(e, applicable, tests)) out.add(e);
        }
        return out;
    }

    private static boolean deleted(Entry e, List<ActiveDelete> applicable, DeleteQuery.LineTest[] tests) {
        byte[] line = null;
        for (int i = 0; i < tests.length; i++) {
            if (!applicable.get(i).request().covers(e.timestampNanos())) continue;
            if (tests[i] == DeleteQuery.LineTest.ALL) return true;
            if (line == null) line = e.line().getBytes(StandardCharsets.UTF_8);
            if (tests[i].deletes(e.timestampNanos(), line, 0, line.length, e.structuredMetadata())) return true;
        }
        return false;
    }
}

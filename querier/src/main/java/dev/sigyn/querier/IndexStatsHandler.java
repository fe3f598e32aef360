package dev.sigyn.querier;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.source.IndexStatsSource;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * {@code index/stats}: how much data a stream selector covers in a range, the figures Grafana shows as "this query
 * will process about …": {@code {"streams":…,"chunks":…,"bytes":…,"entries":…}} (no {@code status}/{@code data}
 * wrapper). Like Loki, from chunk metadata alone ({@link IndexEstimates}): the chunks overlapping [start, end], their
 * entries and line bytes, a chunk partly outside the range counted in proportion. Grafana asks this before every
 * Explore query, so it must not cost a read of the lines.
 */
final class IndexStatsHandler {
    private final QueryPool pool;
    private final List<IndexStatsSource> sources;
    private final QueryLimits limits;

    IndexStatsHandler(QueryPool pool, List<IndexStatsSource> sources, QueryLimits limits) {
        this.pool = pool;
        this.sources = List.copyOf(sources);
        this.limits = limits;
    }

    Future<Buffer> stats(Call call) {
        return pool.run(call, () -> {
            // Loki parses this call as a range query (step and all) whose query is a bare selector.
            LokiParams.RangeParams p = LokiParams.rangeQuery(call.form, call.nowNanos);
            call.query = p.query();
            call.startNanos = p.startNanos();
            call.endNanos = p.endNanos();
            List<LabelMatcher> matchers = LogQueries.selector(p.query());
            limits.checkQueryLength(call.tenant, p.startNanos(), p.endNanos());
            // The index counts every chunk that overlaps [start, end]: the end is inclusive here.
            IndexEstimates index = IndexEstimates.read(sources, call, matchers, p.startNanos(), p.endNanos());
            long streams = 0, chunks = 0, bytes = 0, entries = 0;
            for (IndexEstimates.StreamEstimate s : index.in(p.startNanos(), p.endNanos())) {
                streams++;
                chunks += s.chunks();
                bytes += s.bytes();
                entries += s.entries();
            }
            call.stats = new QueryStats(call.elapsedSeconds(), 0, 0, 0, sources.size());
            return body(streams, chunks, bytes, entries);
        });
    }

    private static Buffer body(long streams, long chunks, long bytes, long entries) {
        return LokiJson.write(g -> {
            g.writeStartObject();
            g.writeNumberField("streams", streams);
            g.writeNumberField("chunks", chunks);
            g.writeNumberField("bytes", bytes);
            g.writeNumberField("entries", entries);
            g.writeEndObject();
        }).appendString("\n");
    }
}

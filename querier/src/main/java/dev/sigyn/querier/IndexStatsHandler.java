package dev.sigyn.querier;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * {@code index/stats}: how much data a stream selector covers in a range, the figures Grafana shows as "this query
 * will process about …": {@code {"streams":…,"chunks":…,"bytes":…,"entries":…}} (no {@code status}/{@code data}
 * wrapper). Loki reads these from its index, counting whole chunks; Sigyn counts the entries in the range exactly
 * (bytes are line bytes, as for {@code index/volume}) and one chunk per stream and source that holds any.
 */
final class IndexStatsHandler {
    private final QueryPool pool;
    private final SourceFanOut sources;
    private final QueryLimits limits;

    IndexStatsHandler(QueryPool pool, SourceFanOut sources, QueryLimits limits) {
        this.pool = pool;
        this.sources = sources;
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
            return new StreamQuery(matchers, LineFilter.ALL, p.startNanos(), p.endNanos() + 1, Direction.FORWARD, 0,
                    call.context);
        }).compose(q -> sources.ask(call, source -> source.select(call.tenant, q)).compose(answers ->
                pool.run(call, () -> answer(call, q, answers))));
    }

    private Buffer answer(Call call, StreamQuery q, List<List<StreamResult>> answers) {
        call.context.checkCancelled();
        long chunks = 0;
        for (List<StreamResult> fromSource : answers) chunks += fromSource.size();
        List<StreamResult> merged = StreamMerger.merge(answers, q.direction(), Integer.MAX_VALUE, 0,
                call.context.cancellation());
        long entries = LogAnswers.entryCount(merged);
        long bytes = 0;
        for (StreamResult s : merged) for (Entry e : s.entries()) bytes += Utf8.length(e.line());
        call.context.memory().charge(entries * MemoryBudget.entryBytes(0) + bytes);
        call.stats = new QueryStats(call.elapsedSeconds(), entries, bytes, 0, sources.size());
        return body(merged.size(), chunks, bytes, entries);
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

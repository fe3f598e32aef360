package dev.sigyn.querier;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.eval.LogQueryEvaluator;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * Answers a log query: asks every source in parallel, then merges and writes the JSON on a worker. The event loop
 * only chains the steps.
 */
final class LogQueryHandler {
    private final Vertx vertx;
    private final SourceFanOut sources;

    LogQueryHandler(Vertx vertx, SourceFanOut sources) {
        this.vertx = vertx;
        this.sources = sources;
    }

    /** @param intervalNanos Loki's {@code interval} (0: every entry) */
    Future<Buffer> select(Call call, StreamQuery q, long intervalNanos) {
        return sources.ask(source -> source.select(call.tenant, q)).compose(answers -> vertx.executeBlocking(() -> {
            long lines = 0, bytes = 0;
            for (List<StreamResult> streams : answers) {
                for (StreamResult s : streams) {
                    lines += s.entries().size();
                    for (Entry e : s.entries()) bytes += Utf8.length(e.line());
                }
            }
            List<StreamResult> merged = StreamMerger.merge(answers, q.direction(), q.limit(), intervalNanos);
            long returned = 0;
            for (StreamResult s : merged) returned += s.entries().size();
            call.stats = new QueryStats(call.elapsedSeconds(), lines, bytes, returned, sources.size());
            return LokiJson.queryResponse(new QueryResult.Streams(merged), call.stats);
        }, false));
    }

    /**
     * A log query with stages beyond line filters, evaluated on a worker: the sources are asked in turn for every
     * entry in range that passes the leading line filters, then the pipeline and limit apply (see
     * {@link LogQueryEvaluator}).
     *
     * @param q the range, direction and limit of the query (its filter and per-stream limit are not used)
     */
    Future<Buffer> evaluate(Call call, LogSelectorExpr query, StreamQuery q, long intervalNanos) {
        return vertx.executeBlocking(() -> {
            TenantData data = new TenantData(sources, call.tenant);
            List<StreamResult> streams;
            try {
                streams = new LogQueryEvaluator(data).evaluate(query, q.startNanos(), q.endNanos(), q.direction(),
                        q.limit());
            } catch (ParseException e) {
                throw QueryError.badRequest(e.getMessage());
            }
            // Once more through the merger for Loki's interval; the limit is already applied.
            List<StreamResult> answer = StreamMerger.merge(List.of(streams), q.direction(), q.limit(), intervalNanos);
            long returned = 0;
            for (StreamResult s : answer) returned += s.entries().size();
            call.stats = new QueryStats(call.elapsedSeconds(), data.lines, data.bytes, returned, sources.size());
            return LokiJson.queryResponse(new QueryResult.Streams(answer), call.stats);
        }, false);
    }
}

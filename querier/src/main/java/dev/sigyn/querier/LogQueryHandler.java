package dev.sigyn.querier;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * {@code query_range} and {@code query} for log queries: parse and check on a worker, ask every source in
 * parallel, merge and write the JSON on a worker. The event loop only chains the steps.
 */
final class LogQueryHandler {
    private final Vertx vertx;
    private final SourceFanOut sources;
    private final QueryLimits limits;

    LogQueryHandler(Vertx vertx, SourceFanOut sources, QueryLimits limits) {
        this.vertx = vertx;
        this.sources = sources;
        this.limits = limits;
    }

    Future<Buffer> queryRange(Call call) {
        return vertx.executeBlocking(() -> {
            LokiParams.RangeParams p = LokiParams.rangeQuery(call.form, call.nowNanos);
            call.query = p.query();
            call.startNanos = p.startNanos();
            call.endNanos = p.endNanos();
            call.stepNanos = p.stepNanos();
            call.limit = p.limit();
            LogQuery q = LogQueries.compile(p.query());
            limits.checkEntriesLimit(p.limit());
            limits.checkQueryLength(p.startNanos(), p.endNanos());
            return new LogRequest(new StreamQuery(q.matchers(), q.filter(), p.startNanos(), p.endNanos(),
                    p.direction(), p.limit()), p.intervalNanos());
        }, false).compose(r -> selectLogs(call, r));
    }

    /**
     * An instant log query selects the entries at exactly {@code time}: Loki 2.9 runs it as a range whose start
     * equals its end (what it then returns depends on its chunk boundaries); Loki 3.2+ refuses it.
     */
    Future<Buffer> instantQuery(Call call) {
        return vertx.executeBlocking(() -> {
            LokiParams.InstantParams p = LokiParams.instantQuery(call.form, call.nowNanos);
            call.query = p.query();
            call.startNanos = p.timeNanos();
            call.endNanos = p.timeNanos();
            call.limit = p.limit();
            LogQuery q = LogQueries.compile(p.query());
            limits.checkEntriesLimit(p.limit());
            return new LogRequest(new StreamQuery(q.matchers(), q.filter(), p.timeNanos(), p.timeNanos() + 1,
                    p.direction(), p.limit()), 0);
        }, false).compose(r -> selectLogs(call, r));
    }

    private record LogRequest(StreamQuery query, long intervalNanos) {}

    private Future<Buffer> selectLogs(Call call, LogRequest request) {
        StreamQuery q = request.query();
        return sources.ask(source -> source.select(call.tenant, q)).compose(answers -> vertx.executeBlocking(() -> {
            long lines = 0, bytes = 0;
            for (List<StreamResult> streams : answers) {
                for (StreamResult s : streams) {
                    lines += s.entries().size();
                    for (Entry e : s.entries()) bytes += utf8Length(e.line());
                }
            }
            List<StreamResult> merged = StreamMerger.merge(answers, q.direction(), q.limit(), request.intervalNanos());
            QueryResult.Streams result = new QueryResult.Streams(merged);
            call.stats = new QueryStats(call.elapsedSeconds(), lines, bytes, result.entryCount(), sources.size());
            return LokiJson.queryResponse(result, call.stats);
        }, false));
    }

    /** Bytes of the line in UTF-8, without encoding it. */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}

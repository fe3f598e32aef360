package dev.sigyn.querier;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.eval.LogQueryEvaluator;
import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.List;

/**
 * Answers a log query: every source runs the query's pipeline over its entries and stops reading once the first
 * {@code limit} surviving lines are known (see {@link LogQueryEvaluator}); the answer is merged and its JSON written on
 * a query thread. The answer's shape follows the call: Loki's v1 streams (structured metadata among the labels), the
 * {@code categorize-labels} encoding, or the legacy {@code /api/prom/query} shape.
 */
final class LogQueryHandler {
    private final QueryPool pool;
    private final SourceFanOut sources;

    LogQueryHandler(QueryPool pool, SourceFanOut sources) {
        this.pool = pool;
        this.sources = sources;
    }

    /**
     * @param q             the range, direction and limit of the query, and what the sources read
     * @param intervalNanos Loki's {@code interval} (0: every entry)
     */
    Future<Buffer> answer(Call call, LogQuery query, StreamQuery q, long intervalNanos) {
        if (intervalNanos != 0 && query.onlyLineFilters()) return everyInterval(call, q, intervalNanos);
        return evaluate(call, query.query(), q, intervalNanos);
    }

    /**
     * Loki's {@code interval} for a query with only line filters: the first {@code limit} entries of each stream, then
     * one entry per interval across streams. It needs each stream's own first entries, so each source hands over the
     * streams it has, collected ({@link CollectedStreams}).
     */
    private Future<Buffer> everyInterval(Call call, StreamQuery q, long intervalNanos) {
        return sources.ask(call, source -> CollectedStreams.scan(source, call.tenant, q)).compose(answers ->
                pool.run(call, () -> {
                    List<StreamResult> merged = merge(call, answers, q, intervalNanos);
                    if (call.categorizeLabels() && !call.legacy) {
                        return LokiJson.categorizedResponse(LogAnswers.categorize(merged), call.encodingFlags,
                                call.stats);
                    }
                    return plainResponse(call, LogAnswers.withMetadataLabels(merged));
                }));
    }

    /**
     * A log query evaluated on a query thread.
     *
     * @param q the range, direction and limit of the query (its filter and per-stream limit are not used)
     */
    private Future<Buffer> evaluate(Call call, LogSelectorExpr query, StreamQuery q, long intervalNanos) {
        return pool.run(call, () -> {
            if (call.categorizeLabels() && !call.legacy) {
                List<CategorizedStream> answer = evaluateCategorized(call, query, q, intervalNanos);
                return LokiJson.categorizedResponse(answer, call.encodingFlags, call.stats);
            }
            TenantData data = new TenantData(sources, call);
            List<StreamResult> streams;
            try {
                streams = new LogQueryEvaluator(data).evaluate(query, q.startNanos(), q.endNanos(), q.direction(),
                        q.limit());
            } catch (ParseException e) {
                throw QueryError.badRequest(e.getMessage());
            }
            // Once more through the merger for Loki's interval; the limit is already applied.
            List<StreamResult> answer = StreamMerger.merge(List.of(streams), q.direction(), q.limit(), intervalNanos,
                    call.context.cancellation());
            call.stats = new QueryStats(call.elapsedSeconds(), data.lines, data.bytes, LogAnswers.entryCount(answer),
                    sources.size());
            return plainResponse(call, answer);
        });
    }

    /**
     * The answer of a log query in categorized form whatever the call's encoding, for callers that inspect the lines
     * (detected fields).
     */
    Future<List<CategorizedStream>> categorized(Call call, LogQuery query, StreamQuery q) {
        return pool.run(call, () -> evaluateCategorized(call, query.query(), q, 0));
    }

    /** The sources' answers merged; what they hold is charged to the call's memory budget. */
    private List<StreamResult> merge(Call call, List<List<StreamResult>> answers, StreamQuery q, long intervalNanos) {
        call.context.checkCancelled();
        long lines = 0, bytes = 0, held = 0;
        for (List<StreamResult> streams : answers) {
            for (StreamResult s : streams) {
                lines += s.entries().size();
                for (Entry e : s.entries()) {
                    int length = Utf8.length(e.line());
                    bytes += length;
                    held += MemoryBudget.entryBytes(length);
                }
            }
        }
        call.context.memory().charge(held);
        List<StreamResult> merged = StreamMerger.merge(answers, q.direction(), q.limit(), intervalNanos,
                call.context.cancellation());
        call.stats = new QueryStats(call.elapsedSeconds(), lines, bytes, LogAnswers.entryCount(merged), sources.size());
        return merged;
    }

    private List<CategorizedStream> evaluateCategorized(Call call, LogSelectorExpr query, StreamQuery q,
                                                        long intervalNanos) throws IOException {
        TenantData data = new TenantData(sources, call);
        List<LogLine> lines;
        try {
            lines = new LogQueryEvaluator(data).evaluateLines(query, q.startNanos(), q.endNanos(), q.direction(),
                    q.limit());
        } catch (ParseException e) {
            throw QueryError.badRequest(e.getMessage());
        }
        List<CategorizedStream> answer = LogAnswers.group(LogAnswers.everyInterval(lines, q.direction(), intervalNanos));
        call.stats = new QueryStats(call.elapsedSeconds(), data.lines, data.bytes, LogAnswers.lineCount(answer),
                sources.size());
        return answer;
    }

    private static Buffer plainResponse(Call call, List<StreamResult> streams) {
        if (call.legacy) return LokiJson.legacyStreamsResponse(streams, call.stats);
        return LokiJson.queryResponse(new QueryResult.Streams(streams), call.encodingFlags, call.stats);
    }
}

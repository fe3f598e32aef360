package dev.sigyn.querier;

import dev.sigyn.logql.engine.EvaluationException;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.eval.QueryEvaluator;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.SampleExpr;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Answers a metric query: evaluates it on a query thread, reading the tenant's lines from every source (answers
 * merged and deduplicated as for log queries), and writes the matrix, vector or scalar JSON.
 */
final class MetricQueryHandler {
    private final QueryPool pool;
    private final SourceFanOut sources;
    private final QueryLimits limits;

    /** Range queries go to the query frontend's splits (when split_queries_by_interval is above zero). */
    private final SplitQueries splits;

    MetricQueryHandler(QueryPool pool, SourceFanOut sources, QueryLimits limits, SplitQueries splits) {
        this.pool = pool;
        this.sources = sources;
        this.limits = limits;
        this.splits = splits;
    }

    /** Whether the query is answered by splits. */
    boolean splits(String tenant, Steps steps) {
        return splits.applies(tenant, steps);
    }

    Future<Buffer> evaluate(Call call, SampleExpr expr, Steps steps) {
        if (splits.applies(call.tenant, steps)) return splits.evaluate(call, expr, steps);
        return pool.run(call, () -> {
            TenantData data = new TenantData(sources, call);
            QueryResult result;
            try {
                result = new QueryEvaluator(data, limits.maxQuerySeries(call.tenant)).evaluate(expr, steps);
            } catch (ParseException | EvaluationException e) {
                throw QueryError.badRequest(e.getMessage());
            }
            call.stats = new QueryStats(call.elapsedSeconds(), data.lines, data.bytes, 0, sources.size());
            return LokiJson.queryResponse(result, call.stats);
        });
    }
}

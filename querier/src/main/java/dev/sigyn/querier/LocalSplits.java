package dev.sigyn.querier;

import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.engine.EvaluationException;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.eval.QueryEvaluator;
import dev.sigyn.logql.syntax.ParseException;
import io.vertx.core.Future;

/** Splits evaluated on this process's query threads over its own sources. */
final class LocalSplits implements SplitEvaluator {
    private final QueryPool pool;
    private final SourceFanOut sources;
    private final QueryLimits limits;

    LocalSplits(QueryPool pool, SourceFanOut sources, QueryLimits limits) {
        this.pool = pool;
        this.sources = sources;
        this.limits = limits;
    }

    @Override
    public Future<SplitAnswer> evaluate(SplitRequest request, QueryContext context) {
        return pool.run(context, request.tenant(), () -> {
            TenantData data = new TenantData(sources, request.tenant(), request.scope(), context);
            QueryResult result;
            try {
                result = new QueryEvaluator(data, limits.maxQuerySeries(request.tenant()))
                        .evaluate(request.expr(), request.steps());
            } catch (ParseException | EvaluationException e) {
                throw QueryError.badRequest(e.getMessage());
            }
            if (!(result instanceof QueryResult.Matrix matrix)) {
                throw new IllegalStateException("a range query answered " + result.resultType());
            }
            return new SplitAnswer(matrix.series(), data.lines, data.bytes);
        });
    }
}

package dev.sigyn.querier;

import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.SampleExpr;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.function.Supplier;

/**
 * {@code query_range} and {@code query}: reads the parameters and parses the query on a query thread, then hands
 * log queries to {@link LogQueryHandler} and metric queries to {@link MetricQueryHandler}.
 */
final class QueryHandler {
    private final QueryPool pool;
    private final LogQueryHandler logs;
    private final MetricQueryHandler metrics;
    private final QueryLimits limits;
    /** {@code querier.engine.max_look_back_period}: the window before {@code time} of an instant log query. */
    private final long lookBackNanos;

    QueryHandler(QueryPool pool, LogQueryHandler logs, MetricQueryHandler metrics, QueryLimits limits,
                 java.time.Duration lookBack) {
        this.pool = pool;
        this.logs = logs;
        this.metrics = metrics;
        this.limits = limits;
        this.lookBackNanos = lookBack.toNanos();
    }

    /** What a call turned out to ask for, once its parameters are checked. */
    private sealed interface Request {}

    private record LogRequest(LogQuery query, StreamQuery read, long intervalNanos) implements Request {}

    private record MetricRequest(SampleExpr expr, Steps steps) implements Request {}

    Future<Buffer> queryRange(Call call) {
        return rangeRequest(call).compose(r -> answer(call, r));
    }

    /**
     * {@code query_range} in the query frontend: a range metric query that splits is split here (its splits evaluated
     * wherever the {@link SplitEvaluator} sends them); any other query, once its parameters are checked as here, is
     * answered by {@code elsewhere} (a querier).
     */
    Future<Buffer> queryRangeOrElse(Call call, Supplier<Future<Buffer>> elsewhere) {
        return rangeRequest(call).compose(r -> r instanceof MetricRequest m && metrics.splits(call.tenant, m.steps())
                ? answer(call, r) : elsewhere.get());
    }

    private Future<Request> rangeRequest(Call call) {
        return pool.run(call, () -> {
            LokiParams.RangeParams p = LokiParams.rangeQuery(call.form, call.nowNanos);
            call.query = p.query();
            call.startNanos = p.startNanos();
            call.endNanos = p.endNanos();
            call.stepNanos = p.stepNanos();
            Request request = switch (LogQueries.parse(p.query())) {
                case LogSelectorExpr selector -> {
                    call.limit = p.limit();
                    LogQuery q = LogQueries.compile(selector);
                    limits.checkEntriesLimit(call.tenant, p.limit());
                    yield new LogRequest(q, new StreamQuery(q.matchers(), q.filter(), p.startNanos(), p.endNanos(),
                            p.direction(), p.limit(), call.context, selector), p.intervalNanos());
                }
                case SampleExpr metric -> new MetricRequest(metric, Steps.range(p.startNanos(), p.endNanos(), p.stepNanos()));
            };
            limits.checkQueryLength(call.tenant, p.startNanos(), p.endNanos());
            return request;
        });
    }

    /**
     * An instant metric query evaluates at {@code time}. An instant log query selects the entries of the
     * look-back window {@code [time - max_look_back_period, time)} (30 s by default), as Loki's engine does.
     */
    Future<Buffer> instantQuery(Call call) {
        return pool.run(call, () -> {
            LokiParams.InstantParams p = LokiParams.instantQuery(call.form, call.nowNanos);
            call.query = p.query();
            call.startNanos = p.timeNanos();
            call.endNanos = p.timeNanos();
            return switch (LogQueries.parse(p.query())) {
                case LogSelectorExpr selector -> {
                    call.limit = p.limit();
                    LogQuery q = LogQueries.compile(selector);
                    limits.checkEntriesLimit(call.tenant, p.limit());
                    yield (Request) new LogRequest(q, new StreamQuery(q.matchers(), q.filter(),
                            p.timeNanos() - lookBackNanos, p.timeNanos(), p.direction(), p.limit(), call.context, selector), 0);
                }
                case SampleExpr metric -> new MetricRequest(metric, Steps.instant(p.timeNanos()));
            };
        }).compose(r -> answer(call, r));
    }

    private Future<Buffer> answer(Call call, Request request) {
        return switch (request) {
            case LogRequest log -> logs.answer(call, log.query(), log.read(), log.intervalNanos());
            case MetricRequest metric -> metrics.evaluate(call, metric.expr(), metric.steps());
        };
    }
}

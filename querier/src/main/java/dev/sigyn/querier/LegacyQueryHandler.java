package dev.sigyn.querier;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The legacy {@code /api/prom/query}: a log query over a range (the parameters of {@code query_range}), with an
 * optional {@code regexp} that is appended to the query as a {@code |~} line filter. Metric queries are refused.
 * Answered in the legacy shape {@code {"stats":…,"streams":[{"labels":"{…}","entries":[{"ts":…,"line":…}]}]}}.
 */
final class LegacyQueryHandler {
    private final QueryPool pool;
    private final LogQueryHandler logs;
    private final QueryLimits limits;

    LegacyQueryHandler(QueryPool pool, LogQueryHandler logs, QueryLimits limits) {
        this.pool = pool;
        this.logs = logs;
        this.limits = limits;
    }

    private record Plan(LogQuery query, StreamQuery read, long intervalNanos) {}

    Future<Buffer> query(Call call) {
        return pool.run(call, () -> {
            LokiParams.RangeParams p = LokiParams.rangeQuery(call.form, call.nowNanos);
            String query = withRegexp(p.query(), call.form.get("regexp"));
            call.query = query;
            call.startNanos = p.startNanos();
            call.endNanos = p.endNanos();
            call.limit = p.limit();
            if (!(LogQueries.parse(query) instanceof LogSelectorExpr selector)) {
                throw QueryError.badRequest("legacy endpoints only support streams result type");
            }
            LogQuery q = LogQueries.compile(selector);
            limits.checkEntriesLimit(call.tenant, p.limit());
            limits.checkQueryLength(call.tenant, p.startNanos(), p.endNanos());
            return new Plan(q, new StreamQuery(q.matchers(), q.filter(), p.startNanos(), p.endNanos(), p.direction(),
                    p.limit(), call.context, selector), p.intervalNanos());
        }).compose(plan -> logs.answer(call, plan.query(), plan.read(), plan.intervalNanos()));
    }

    /** Loki's {@code parseRegexQuery}: the regexp becomes a last {@code |~} stage of the query. */
    static String withRegexp(String query, String regexp) {
        if (regexp.isEmpty()) return query;
        StringBuilder sb = new StringBuilder(query).append(" |~ ");
        Quoting.quote(sb, regexp);
        return sb.toString();
    }
}

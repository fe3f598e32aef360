package dev.sigyn.querier;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.syntax.Printer;
import dev.sigyn.logql.syntax.SampleExpr;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query frontend's part for range metric queries: cuts the range into {@link SplitPlan splits}, has each
 * evaluated by the {@link SplitEvaluator} (on this process's query threads, or on the queriers when this process is
 * a query frontend), each reading only its own time range, takes whole past splits from the {@link ResultsCache}
 * when it has them, and joins the pieces into one matrix. A split that fails cancels the call, which stops the
 * others (see {@link QueryPool}); the answer is the first failure.
 */
final class SplitQueries {
    private final QueryPool pool;
    private final SplitEvaluator evaluator;
    private final QueryLimits limits;
    /** Null when results are not cached. */
    private final ResultsCache cache;
    /** What the answer's statistics report as {@code subqueries}: the sources read here. */
    private final int subqueries;

    SplitQueries(QueryPool pool, SplitEvaluator evaluator, QueryLimits limits, ResultsCache cache, int subqueries) {
        this.pool = pool;
        this.evaluator = evaluator;
        this.limits = limits;
        this.cache = cache;
        this.subqueries = subqueries;
    }

    /** True for range queries when splitting is on ({@code split_queries_by_interval} above zero). */
    boolean applies(String tenant, Steps steps) {
        return !steps.isInstant() && limits.splitIntervalNanos(tenant) > 0;
    }

    /** One split's part of the answer, and what reading it cost. */
    private record Part(List<Series> series, long lines, long bytes) {}

    Future<Buffer> evaluate(Call call, SampleExpr expr, Steps steps) {
        String canonical = Printer.print(expr);
        List<Future<Part>> parts = new ArrayList<>();
        // Unordered: the splits of one query run side by side; Future.all keeps them in time order.
        for (SplitPlan.Split split : SplitPlan.of(steps, limits.splitIntervalNanos(call.tenant)).splits()) {
            parts.add(answer(call, expr, canonical, split));
        }
        return Future.all(parts).compose(all -> pool.run(call, () -> {
            List<Part> answered = new ArrayList<>(parts.size());
            for (int i = 0; i < all.size(); i++) answered.add(all.resultAt(i));
            QueryResult.Matrix matrix = join(answered, limits.maxQuerySeries(call.tenant));
            long lines = 0, bytes = 0;
            for (Part p : answered) {
                lines += p.lines();
                bytes += p.bytes();
            }
            call.stats = new QueryStats(call.elapsedSeconds(), lines, bytes, 0, subqueries);
            return LokiJson.queryResponse(matrix, call.stats);
        }));
    }

    private Future<Part> answer(Call call, SampleExpr expr, String canonical, SplitPlan.Split split) {
        boolean cacheable = cache != null && split.gridLast() <= call.nowNanos - ResultsCache.FRESHNESS_NANOS;
        ResultsCache.Key key = cacheable ? new ResultsCache.Key(call.tenant, call.scope.access().toHeader(), canonical, split.steps().stepNanos(),
                split.gridFirst(), split.gridLast()) : null;
        if (cacheable) {
            List<Series> cached = cache.get(key);
            if (cached != null) return pool.run(call, () -> new Part(slice(cached, split.steps()), 0, 0));
        }
        // A cacheable split is evaluated over its whole interval so that later queries find every step in it.
        Steps evaluated = cacheable ? split.grid() : split.steps();
        Future<SplitEvaluator.SplitAnswer> answer = evaluator.evaluate(
                new SplitEvaluator.SplitRequest(call.tenant, expr, canonical, evaluated, call.scope.access()), call.context);
        if (!cacheable) return answer.map(a -> new Part(a.series(), a.lines(), a.bytes()));
        return answer.compose(a -> pool.run(call, () -> {
            cache.put(key, a.series());
            return new Part(slice(a.series(), split.steps()), a.lines(), a.bytes());
        }));
    }

    /** The points of {@code series} at the given steps; series left without points are dropped. */
    private static List<Series> slice(List<Series> series, Steps steps) {
        List<Series> out = new ArrayList<>(series.size());
        for (Series s : series) {
            List<Sample> kept = new ArrayList<>();
            for (Sample p : s.samples()) {
                if (p.tsNanos() >= steps.startNanos() && p.tsNanos() <= steps.endNanos()) kept.add(p);
            }
            if (!kept.isEmpty()) out.add(new Series(s.labels(), kept));
        }
        return out;
    }

    /** The splits' series joined by labels, points in time order, sorted by labels as the engine sorts them. */
    static QueryResult.Matrix join(List<Part> parts, int maxSeries) {
        Map<Labels, List<Sample>> joined = new HashMap<>();
        for (Part part : parts) {
            for (Series s : part.series()) joined.computeIfAbsent(s.labels(), l -> new ArrayList<>()).addAll(s.samples());
        }
        if (maxSeries > 0 && joined.size() > maxSeries) {
            throw QueryError.badRequest("maximum of series (" + maxSeries + ") reached for a single query");
        }
        List<Series> out = new ArrayList<>(joined.size());
        joined.forEach((labels, points) -> out.add(new Series(labels, points)));
        out.sort(Comparator.comparing(Series::labels));
        return new QueryResult.Matrix(out);
    }
}

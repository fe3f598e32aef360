package dev.sigyn.querier;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.EvaluationException;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.eval.QueryEvaluator;
import dev.sigyn.logql.syntax.ParseException;
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
 * The query frontend's part for range metric queries: cuts the range into {@link SplitPlan splits}, evaluates
 * them in parallel on query threads (each reading only its own time range), takes whole past splits from the
 * {@link ResultsCache} when it has them, and joins the pieces into one matrix. A split that fails cancels the
 * call, which stops the others (see {@link QueryPool}); the answer is the first failure.
 */
final class SplitQueries {
    private final QueryPool pool;
    private final SourceFanOut sources;
    private final QueryLimits limits;
    /** Null when results are not cached. */
    private final ResultsCache cache;

    SplitQueries(QueryPool pool, SourceFanOut sources, QueryLimits limits, ResultsCache cache) {
        this.pool = pool;
        this.sources = sources;
        this.limits = limits;
        this.cache = cache;
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
            parts.add(pool.run(call, () -> answer(call, expr, canonical, split)));
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
            call.stats = new QueryStats(call.elapsedSeconds(), lines, bytes, 0, sources.size());
            return LokiJson.queryResponse(matrix, call.stats);
        }));
    }

    private Part answer(Call call, SampleExpr expr, String canonical, SplitPlan.Split split) throws java.io.IOException {
        boolean cacheable = cache != null && split.gridLast() <= call.nowNanos - ResultsCache.FRESHNESS_NANOS;
        ResultsCache.Key key = cacheable ? new ResultsCache.Key(call.tenant, canonical, split.steps().stepNanos(),
                split.gridFirst(), split.gridLast()) : null;
        if (cacheable) {
            List<Series> cached = cache.get(key);
            if (cached != null) return new Part(slice(cached, split.steps()), 0, 0);
        }
        TenantData data = new TenantData(sources, call);
        // A cacheable split is evaluated over its whole interval so that later queries find every step in it.
        Steps evaluated = cacheable ? split.grid() : split.steps();
        QueryResult result;
        try {
            result = new QueryEvaluator(data, limits.maxQuerySeries(call.tenant)).evaluate(expr, evaluated);
        } catch (ParseException | EvaluationException e) {
            throw QueryError.badRequest(e.getMessage());
        }
        if (!(result instanceof QueryResult.Matrix matrix)) {
            throw new IllegalStateException("a range query answered " + result.resultType());
        }
        if (cacheable) cache.put(key, matrix.series());
        return new Part(cacheable ? slice(matrix.series(), split.steps()) : matrix.series(), data.lines, data.bytes);
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

package dev.sigyn.querier;

import dev.sigyn.config.StreamAccess;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.syntax.SampleExpr;
import io.vertx.core.Future;

import java.util.List;

/**
 * Evaluates one split of a range metric query ({@link SplitQueries}): here, over this process's sources (the single
 * binary and a querier), or on a querier elsewhere (the query frontend). Either way the answer is the split's matrix
 * and what reading it cost; a failure carries the status and message the call is to be answered with
 * ({@link QueryError#statusOf}).
 */
public interface SplitEvaluator {
    /**
     * Called on a Vert.x context; the future completes on it. Work stops once {@code context} is cancelled, and
     * should stop by {@code context.deadline()}.
     */
    Future<SplitAnswer> evaluate(SplitRequest request, QueryContext context);

    /**
     * One split to evaluate.
     *
     * @param expr  the parsed query
     * @param query its canonical text ({@code Printer.print(expr)}), which is what travels between processes
     * @param steps the steps of the split (a range; one step or more)
     * @param access the streams the asking request may read (label-based access control)
     */
    record SplitRequest(String tenant, SampleExpr expr, String query, Steps steps, StreamAccess access) {
        public SplitRequest {
            if (access == null) access = StreamAccess.UNRESTRICTED;
        }

        /** A split asked by text (from another process): a 400 with the parser's message when it is no metric query. */
        public static SplitRequest parse(String tenant, String query, Steps steps, StreamAccess access) {
            if (!(LogQueries.parse(query) instanceof SampleExpr expr)) {
                throw QueryError.badRequest("a split must be a metric query");
            }
            return new SplitRequest(tenant, expr, query, steps, access);
        }

        /** What the split may read; a grant selector that does not parse is a 400. */
        ReadScope scope() {
            return ReadScope.of(new TenantResolver.Tenant(tenant, access));
        }
    }

    /** A split's series (sorted by labels, points in time order) and the lines and bytes read for it. */
    record SplitAnswer(List<Series> series, long lines, long bytes) {
        public SplitAnswer {
            series = List.copyOf(series);
        }
    }
}

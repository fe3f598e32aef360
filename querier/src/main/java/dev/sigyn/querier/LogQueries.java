package dev.sigyn.querier;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LogQueryPlan;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.eval.LogQueryEvaluator;
import dev.sigyn.logql.syntax.Expr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;

import java.util.List;

/** LogQL text to what the sources execute; anything the parser or planner refuses becomes a 400 with its message. */
final class LogQueries {
    private LogQueries() {}

    /** A query's syntax tree: a log query or a metric query. */
    static Expr parse(String query) {
        try {
            return Parser.parseExpr(query);
        } catch (ParseException e) {
            throw QueryError.badRequest(e.getMessage());
        }
    }

    /** A log query, its pipeline compiled here so that an invalid one is a 400 before anything is read. */
    static LogQuery compile(LogSelectorExpr query) {
        try {
            if (query.onlyLineFilters()) {
                var plan = LogQueryPlan.of(query);
                return new LogQuery(plan.matchers(), plan.filter(), query);
            }
            PipelineCompiler.compile(query);
            return new LogQuery(query.matchers(), LogQueryEvaluator.leadingFilter(query.stages()), query);
        } catch (ParseException e) {
            throw QueryError.badRequest(e.getMessage());
        }
    }

    /**
     * A bare stream selector such as {@code {app="web", env=~"prod|dev"}}, as the {@code query} of label calls takes
     * it: validated like a query, so at least one matcher must not match the empty string.
     */
    static List<LabelMatcher> selector(String query) {
        Expr expr;
        try {
            expr = Parser.parseExpr(query);
        } catch (ParseException e) {
            throw QueryError.badRequest(e.getMessage());
        }
        if (expr instanceof LogSelectorExpr selector && selector.stages().isEmpty()) return selector.matchers();
        throw QueryError.badRequest("only label matchers are supported");
    }

    /**
     * A {@code match[]} selector of a series call. As in Loki 3, it is not validated like a query
     * ({@code {app=~".*"}} is fine) but must have at least one matcher.
     */
    static List<LabelMatcher> seriesSelector(String selector) {
        List<LabelMatcher> matchers;
        try {
            matchers = Parser.parseSelector(selector);
        } catch (ParseException e) {
            throw QueryError.badRequest(e.getMessage());
        }
        if (matchers.isEmpty()) throw QueryError.badRequest("0 matchers in group: " + selector);
        return matchers;
    }
}

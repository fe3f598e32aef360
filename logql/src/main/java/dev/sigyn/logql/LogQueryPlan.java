package dev.sigyn.logql;

import dev.sigyn.logql.syntax.Expr;
import dev.sigyn.logql.syntax.FilterCompiler;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;

import java.util.List;

/**
 * What a data source must do for a log query: select the streams matching {@code matchers} and keep the lines
 * that pass {@code filter} (this is what goes into a {@code source.StreamQuery}).
 */
public record LogQueryPlan(List<LabelMatcher> matchers, LineFilter filter) {

    public LogQueryPlan {
        matchers = List.copyOf(matchers);
    }

    /**
     * The plan of a parsed log query. Metric queries, once the parser produces them, are rejected here with a
     * {@link ParseException}: they need the metric engine, not a plain log scan.
     */
    public static LogQueryPlan of(Expr expr) {
        return switch (expr) {
            case LogSelectorExpr log -> new LogQueryPlan(log.matchers(), FilterCompiler.compile(log.filters()));
        };
    }
}

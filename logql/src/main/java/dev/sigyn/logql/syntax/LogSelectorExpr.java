package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LabelMatcher;

import java.util.List;

/**
 * A log query: a stream selector and the line filters applied to every line, in order
 * ({@code {app="web", env!="dev"} |= "error" != "timeout"}).
 *
 * @param matchers the stream selector's matchers, in the order written
 * @param filters  line filters, all of which a line must pass
 * @param pos      where the selector's opening brace is
 */
public record LogSelectorExpr(List<LabelMatcher> matchers, List<LineFilterExpr> filters, Position pos) implements Expr {

    public LogSelectorExpr {
        matchers = List.copyOf(matchers);
        filters = List.copyOf(filters);
    }

    public LogSelectorExpr(List<LabelMatcher> matchers, List<LineFilterExpr> filters) {
        this(matchers, filters, Position.NONE);
    }
}

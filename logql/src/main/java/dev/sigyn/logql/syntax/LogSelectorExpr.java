package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LabelMatcher;

import java.util.ArrayList;
import java.util.List;

/**
 * A log query: a stream selector and its pipeline, applied to every line in order
 * ({@code {app="web"} |= "error" | json | level="error" | line_format "{{.msg}}"}).
 *
 * @param matchers the stream selector's matchers, in the order written
 * @param stages   the pipeline: line filters, parsers, label filters and formatters, in the order written
 *                 (line filters may come after parsers too, as in Loki)
 * @param pos      where the selector's opening brace is
 */
public record LogSelectorExpr(List<LabelMatcher> matchers, List<StageExpr> stages, Position pos) implements Expr {

    public LogSelectorExpr {
        matchers = List.copyOf(matchers);
        stages = List.copyOf(stages);
    }

    public LogSelectorExpr(List<LabelMatcher> matchers, List<? extends StageExpr> stages) {
        this(matchers, List.copyOf(stages), Position.NONE);
    }

    /** The line-filter stages only, in order (other stages are skipped). */
    public List<LineFilterExpr> filters() {
        List<LineFilterExpr> filters = new ArrayList<>();
        for (StageExpr s : stages) if (s instanceof LineFilterExpr f) filters.add(f);
        return filters;
    }

    /** True when the pipeline holds nothing but line filters (a plain scan can run it). */
    public boolean onlyLineFilters() {
        return stages.stream().allMatch(s -> s instanceof LineFilterExpr);
    }
}

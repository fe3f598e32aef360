package dev.sigyn.logql;

import dev.sigyn.logql.syntax.Expr;
import dev.sigyn.logql.syntax.FilterCompiler;
import dev.sigyn.logql.syntax.LineFilterExpr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Printer;
import dev.sigyn.logql.syntax.SampleExpr;
import dev.sigyn.logql.syntax.StageExpr;

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
     * The plan of a parsed log query made of a selector and line filters. Other pipeline stages and metric queries
     * need the pipeline and metric engines, not a plain log scan: until those are wired in they are rejected with
     * a {@link ParseException} (a 400), as is any line filter placed after such a stage.
     */
    public static LogQueryPlan of(Expr expr) {
        return switch (expr) {
            case LogSelectorExpr log -> {
                for (StageExpr stage : log.stages()) {
                    if (!(stage instanceof LineFilterExpr)) {
                        throw new ParseException("pipeline stage `" + Printer.print(stage) + "` is not supported yet",
                                stage.pos());
                    }
                }
                yield new LogQueryPlan(log.matchers(), FilterCompiler.compile(log.filters()));
            }
            case SampleExpr metric -> throw new ParseException("metric queries are not supported yet", metric.pos());
        };
    }
}

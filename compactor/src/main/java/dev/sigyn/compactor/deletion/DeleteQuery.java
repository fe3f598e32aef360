package dev.sigyn.compactor.deletion;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.Expr;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;

import java.util.List;

/**
 * The LogQL of a delete request, compiled: a stream selector, optionally followed by pipeline stages (line filters,
 * parsers, label filters). As in Loki, an entry of a matching stream is deleted when the pipeline keeps it; without
 * stages every entry of the matching streams is deleted.
 */
public final class DeleteQuery {
    private final List<LabelMatcher> matchers;
    private final Pipeline pipeline;
    private final boolean hasStages;

    private DeleteQuery(List<LabelMatcher> matchers, Pipeline pipeline, boolean hasStages) {
        this.matchers = List.copyOf(matchers);
        this.pipeline = pipeline;
        this.hasStages = hasStages;
    }

    /** Parses and compiles; throws {@link IllegalArgumentException} with Loki's message on an invalid query. */
    public static DeleteQuery parse(String query) {
        try {
            Expr expr = Parser.parseExpr(query);
            if (!(expr instanceof LogSelectorExpr selector)) {
                throw new ParseException("a delete request takes a log selector, not a metric query");
            }
            return new DeleteQuery(selector.matchers(), PipelineCompiler.compile(selector), !selector.stages().isEmpty());
        } catch (ParseException | com.google.re2j.PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid query expression: " + e.getMessage(), e);
        }
    }

    /** True when the query has pipeline stages, so that only some lines of a matching stream are deleted. */
    public boolean hasStages() {
        return hasStages;
    }

    /**
     * Whether every stream this query selects is one {@code selector} selects, as far as the matchers tell: each of
     * the selector's matchers is one of the query's (label-based access control allows such a delete).
     */
    public boolean within(List<LabelMatcher> selector) {
        return matchers.containsAll(selector);
    }

    public boolean matches(Labels streamLabels) {
        for (LabelMatcher m : matchers) if (!m.matches(streamLabels)) return false;
        return true;
    }

    /** The per-line test for one matching stream; not thread-safe (it reuses the pipeline's buffers). */
    public LineTest forStream(Labels streamLabels) {
        if (!hasStages) return LineTest.ALL;
        StreamPipeline p = pipeline.forStream(streamLabels);
        return p::process;
    }

    /** Decides whether one entry of a stream is deleted. */
    @FunctionalInterface
    public interface LineTest {
        LineTest ALL = (ts, buf, off, len, metadata) -> true;

        boolean deletes(long timestampNanos, byte[] buf, int off, int len, Labels structuredMetadata);
    }
}

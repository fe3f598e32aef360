package dev.sigyn.querier.patterns;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LogLevels;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.patterns.PatternMiner;
import dev.sigyn.logql.source.LogSource;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code GET /loki/api/v1/patterns}: log patterns of the selected streams in a range, with line counts per step, in
 * Loki 3's answer shape. Patterns are mined when asked, from the newest {@link RecentLines#MAX_LINES} lines of the
 * range (older lines are not counted). Blocks: the caller runs it on a query thread.
 */
public final class PatternsHandler {
    /** Lines mined between two checks of the query's cancellation. */
    private static final int LINES_PER_CHECK = 1024;

    private final List<LogSource> sources;

    public PatternsHandler(List<LogSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The answer over every stream of the tenant. */
    public Buffer patterns(QueryContext context, String tenant, List<LabelMatcher> selector, long startNanos,
                           long endNanos, long stepNanos) throws IOException {
        return patterns(context, tenant, UnaryOperator.identity(), selector, startNanos, endNanos, stepNanos);
    }

    /**
     * The answer body for a parsed request.
     *
     * @param context    the query's cancellation and memory budget
     * @param view       the sources as the request may see them (its tenants, the streams it may read)
     * @param selector   the stream selector ({@code query})
     * @param stepNanos  the width of the count buckets; raised to {@link PatternMiner#MIN_STEP_NANOS} if smaller
     */
    public Buffer patterns(QueryContext context, String tenant, UnaryOperator<List<LogSource>> view,
                           List<LabelMatcher> selector, long startNanos, long endNanos, long stepNanos)
            throws IOException {
        RecentLines lines = new RecentLines(view.apply(sources));
        PatternMiner miner = new PatternMiner(stepNanos);
        int sinceCheck = 0;
        for (RecentLines.Line l : lines.newest(context, tenant, selector, startNanos, endNanos)) {
            if (++sinceCheck == LINES_PER_CHECK) {
                context.checkCancelled();
                sinceCheck = 0;
            }
            String level = LogLevels.detect(l.stream(), l.entry().structuredMetadata(), l.entry().line());
            miner.add(l.stream(), l.entry().timestampNanos(), l.entry().line(), level);
        }
        return PatternsJson.write(miner.patterns());
    }
}

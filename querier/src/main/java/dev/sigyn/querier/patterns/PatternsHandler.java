package dev.sigyn.querier.patterns;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.patterns.LogLevels;
import dev.sigyn.logql.patterns.PatternMiner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * {@code GET /loki/api/v1/patterns}: log patterns of the selected streams in a range, with line counts per step, in
 * Loki 3's answer shape. Patterns are mined when asked, from the newest {@link RecentLines#MAX_LINES} lines of the
 * range (older lines are not counted); the work runs on a worker thread.
 */
public final class PatternsHandler {
    private final Vertx vertx;
    private final RecentLines lines;

    public PatternsHandler(Vertx vertx, List<LogSource> sources) {
        this.vertx = vertx;
        this.lines = new RecentLines(sources);
    }

    /**
     * The answer body for a parsed request.
     *
     * @param selector   the stream selector ({@code query})
     * @param stepNanos  the width of the count buckets; raised to {@link PatternMiner#MIN_STEP_NANOS} if smaller
     */
    public Future<Buffer> patterns(String tenant, List<LabelMatcher> selector, long startNanos, long endNanos,
                                   long stepNanos) {
        return vertx.executeBlocking(() -> {
            PatternMiner miner = new PatternMiner(stepNanos);
            for (RecentLines.Line l : lines.newest(tenant, selector, startNanos, endNanos)) {
                String level = LogLevels.detect(l.stream(), l.entry().structuredMetadata(), l.entry().line());
                miner.add(l.stream(), l.entry().timestampNanos(), l.entry().line(), level);
            }
            return PatternsJson.write(miner.patterns());
        }, false);
    }
}

package dev.sigyn.logql.source;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.eval.SampleExtraction;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A place log data can be read from: the ingesters' memory and the object store each implement it, and the
 * querier merges their answers (removing duplicates). What a source finds is streamed to a sink as it reads, never
 * returned as a whole, so that a source across a network can send it as it goes and stop when the sink has enough.
 * Calls may block on I/O: never call them on an event loop.
 * A source stops once the query's {@link StreamQuery#context() context} is cancelled (see {@link StreamQuery}).
 */
public interface LogSource {

    /**
     * The entries of the streams {@code query} selects, in its range and past its line filter, handed to {@code sink}
     * as bytes stream by stream: per stream at most {@code query}'s limit of them (all when it is 0 or less), the
     * first ones in its direction, in that direction. Streams with no such entries are
     * left out. Streams may be delivered in any order and in parallel.
     */
    void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException;

    /**
     * A log query run inside the source: the entries of the streams {@code query} selects, in its range and past its
     * line filter, go through the stages of {@code pipeline} here, and only the lines that survive reach
     * {@code answer}, which decides how many it keeps ({@link LogLineSink#wants}); the source skips entries it does
     * not want and stops reading a stream once no later entry can be wanted. {@code query}'s limit is not used. Lines
     * may be delivered in any order and from several threads. The default runs the pipeline over {@link #scan}.
     *
     * @param pipeline the whole log query; its stages run in order (the source need not skip the leading line
     *                 filters it already applied as {@code query}'s filter)
     */
    default void selectLines(String tenant, StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer)
            throws IOException {
        LinePipelines pipelines = new LinePipelines(pipeline);
        scan(tenant, query.everyEntry(), labels -> pipelines.forStream(labels, answer));
    }

    /**
     * A metric query's samples extracted inside the source: the entries of the streams {@code query} selects, in its
     * range and past its line filter, go through {@code extraction} here, and only the samples leave, stream by
     * stream, to {@code sink}. The default runs the extraction over {@link #scan}.
     */
    default void selectSamples(String tenant, StreamQuery query, SampleExtraction extraction, SampleSink sink)
            throws IOException {
        scan(tenant, query, labels -> extraction.forStream(labels, sink, query.context().cancellation()));
    }

    /**
     * Label sets of the tenant's streams that have data overlapping [startNanos, endNanos) and match every matcher
     * (an empty matcher list matches every stream).
     */
    Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) throws IOException;
}

package dev.sigyn.logql.eval;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.LinePipelines;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where {@link QueryEvaluator} reads log lines from: the querier asks every source of the tenant and merges the
 * answers. May block on I/O.
 */
@FunctionalInterface
public interface SampleData {

    /**
     * The streams {@code query} selects, each stream once (answers of several sources merged, duplicate entries
     * removed), entries sorted in the query's direction.
     */
    List<StreamResult> select(StreamQuery query) throws IOException;

    /**
     * The same streams and entries as {@link #select}, handed to {@code sink} as line bytes (see
     * {@link dev.sigyn.logql.source.LogSource#scan}): streams in any order, possibly from several threads at once.
     * The default is built on {@link #select}.
     */
    default void scan(StreamQuery query, StreamSink sink) throws IOException {
        for (StreamResult stream : select(query)) {
            checkCancelled();
            LineSink lines = sink.open(stream.labels());
            for (Entry e : stream.entries()) {
                byte[] line = e.line().getBytes(StandardCharsets.UTF_8);
                lines.accept(e.timestampNanos(), line, 0, line.length, e.structuredMetadata());
            }
            lines.end();
        }
    }

    /**
     * A log query's pipeline run where the data is (see {@link dev.sigyn.logql.source.LogSource#selectLines}): the
     * lines that survive it go to {@code answer}, each line once even when several sources hold it. The default runs
     * the pipeline over {@link #scan}.
     */
    default void selectLines(StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer) throws IOException {
        LinePipelines pipelines = new LinePipelines(pipeline);
        scan(query.everyEntry(), labels -> pipelines.forStream(labels, answer));
    }

    /**
     * A metric query's samples, extracted where the data is (see
     * {@link dev.sigyn.logql.source.LogSource#selectSamples}); a line several sources hold gives its samples once.
     * The default runs the extraction over {@link #scan}.
     */
    default void selectSamples(StreamQuery query, SampleExtraction extraction, SampleSink sink) throws IOException {
        scan(query, labels -> extraction.forStream(labels, sink, context().cancellation()));
    }

    /**
     * The query this data is read for: its cancellation, checked by {@link #checkCancelled}, and its memory budget,
     * which evaluators charge with the samples, series and lines they hold. None by default.
     */
    default QueryContext context() {
        return QueryContext.none();
    }

    /**
     * Called by evaluators between streams and every few thousand lines, possibly from several threads at once:
     * throws (an unchecked exception) when the query must stop, e.g. because it ran past its timeout or another part
     * of it failed. By default asks the {@link #context()}.
     */
    default void checkCancelled() {
        context().checkCancelled();
    }
}

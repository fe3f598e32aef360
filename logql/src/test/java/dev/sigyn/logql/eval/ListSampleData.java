package dev.sigyn.logql.eval;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.source.LinePipelines;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test data held as lists of streams: the evaluators' pipelines and extractions run over what {@link #select}
 * returns, as a source runs them over what it reads.
 */
abstract class ListSampleData implements SampleData {

    /** The streams {@code query} selects, entries in its range, past its filter and in its direction. */
    abstract List<StreamResult> select(StreamQuery query) throws IOException;

    /** {@link #select}'s entries as line bytes, stream by stream. */
    void scan(StreamQuery query, StreamSink sink) throws IOException {
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

    @Override
    public void selectLines(StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer) throws IOException {
        LinePipelines pipelines = new LinePipelines(pipeline);
        scan(query.everyEntry(), labels -> pipelines.forStream(labels, answer));
    }

    @Override
    public void selectSamples(StreamQuery query, SampleExtraction extraction, SampleSink sink) throws IOException {
        scan(query, labels -> extraction.forStream(labels, sink, context().cancellation()));
    }
}

package dev.sigyn.logql.source;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs a log query's pipeline inside a source, stream by stream, and hands the surviving lines to the query's
 * {@link LogLineSink}. Pipeline stages keep scratch state, so each stream being read borrows a compiled pipeline of
 * its own and returns it at the stream's end: a scan over N threads compiles the query at most N times. Thread-safe.
 */
public final class LinePipelines {
    private final LogSelectorExpr query;
    private final ConcurrentLinkedQueue<Pipeline> idle = new ConcurrentLinkedQueue<>();

    /** @throws dev.sigyn.logql.syntax.ParseException when the pipeline does not compile */
    public LinePipelines(LogSelectorExpr query) {
        this.query = query;
        idle.add(PipelineCompiler.compile(query));
    }

    /**
     * A receiver of one stream's raw entries (in range and past the query's leading line filters) that runs the
     * pipeline on each entry {@code answer} still wants. Its {@link LineSink#end()} must be called, also after an
     * empty stream: it reports what was read and gives the pipeline back.
     */
    public LineSink forStream(Labels labels, LogLineSink answer) {
        Pipeline pipeline = idle.poll();
        if (pipeline == null) pipeline = PipelineCompiler.compile(query);
        return new StreamLines(pipeline, pipeline.forStream(labels), answer);
    }

    private final class StreamLines implements LineSink {
        private final Pipeline pipeline;
        private final StreamPipeline stream;
        private final LogLineSink answer;
        private long lines, bytes;

        StreamLines(Pipeline pipeline, StreamPipeline stream, LogLineSink answer) {
            this.pipeline = pipeline;
            this.stream = stream;
            this.answer = answer;
        }

        @Override
        public void accept(long ts, byte[] buf, int off, int len, Labels structuredMetadata) {
            lines++;
            bytes += len;
            if (!answer.wants(ts)) return;
            if (stream.process(ts, buf, off, len, structuredMetadata)) {
                answer.accept(LogLine.of(ts, stream.line().toString(), stream.labels()));
            }
        }

        @Override
        public void end() {
            answer.read(lines, bytes);
            idle.add(pipeline);
        }
    }
}

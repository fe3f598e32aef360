package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;

import java.nio.charset.StandardCharsets;

/**
 * A {@link Pipeline} bound to one stream. {@link #process} runs the stages on a line; when it returns true,
 * {@link #line()} and {@link #labels()} hold the result until the next call.
 */
public final class StreamPipeline {
    private final Stage[] stages;
    private final LabelsBuilder labels;
    private final LineBuffer line = new LineBuffer();
    /** Where a line that does not start at offset 0 is copied for the stages (see the offset form of process). */
    private byte[] atZero = new byte[256];

    StreamPipeline(Stage[] stages, Labels streamLabels) {
        this.stages = stages;
        this.labels = new LabelsBuilder(streamLabels);
    }

    /**
     * Runs the stages on one entry; false when a stage dropped it. {@code line} is read, never written, and must
     * stay unchanged until the result has been consumed.
     */
    public boolean process(long timestampNanos, byte[] line, int length, Labels structuredMetadata) {
        labels.reset();
        if (structuredMetadata != null && !structuredMetadata.isEmpty()) labels.addStructuredMetadata(structuredMetadata);
        this.line.wrap(line, length);
        for (Stage stage : stages) {
            if (!stage.process(timestampNanos, this.line, labels)) return false;
        }
        return true;
    }

    /**
     * The same for a line at {@code buf[off, off+len)}, e.g. inside a decoded block. Stages read lines from offset 0,
     * so such a line is copied into a buffer this pipeline reuses from line to line (no String is made).
     */
    public boolean process(long timestampNanos, byte[] buf, int off, int len, Labels structuredMetadata) {
        if (off == 0) return process(timestampNanos, buf, len, structuredMetadata);
        if (atZero.length < len) atZero = new byte[Math.max(len, atZero.length * 2)];
        System.arraycopy(buf, off, atZero, 0, len);
        return process(timestampNanos, atZero, len, structuredMetadata);
    }

    public boolean process(long timestampNanos, String line, Labels structuredMetadata) {
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        return process(timestampNanos, utf8, utf8.length, structuredMetadata);
    }

    /** The line after the stages ran (formatters may have replaced it). */
    public LineBuffer line() {
        return line;
    }

    /** The labels after the stages ran. */
    public LabelsBuilder labels() {
        return labels;
    }

    Stage[] stages() {
        return stages;
    }

    public Labels streamLabels() {
        return labels.stream();
    }
}

package dev.sigyn.logql.pipeline;

import dev.sigyn.format.ByteSizes;
import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoFloats;
import dev.sigyn.logql.Labels;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns log lines into sample values for a range aggregation: one per line ({@code count_over_time},
 * {@code rate}), the line's size ({@code bytes_over_time}, {@code bytes_rate}), or a label's value
 * ({@code | unwrap}). Like {@link Pipeline}, it is compiled once per query and bound to each stream.
 */
public final class SampleExtractor {
    /** How {@code | unwrap} reads a label value. */
    public enum Conversion {
        /** {@code unwrap x}: Go's ParseFloat. */
        FLOAT,
        /** {@code unwrap duration(x)} and {@code duration_seconds(x)}: Go duration in seconds. */
        DURATION_SECONDS,
        /** {@code unwrap bytes(x)}: humanized size in bytes. */
        BYTES
    }

    private enum Kind { COUNT, BYTES, UNWRAP }

    private final Kind kind;
    private final Pipeline pipeline;
    private final String label;
    private final Conversion conversion;
    private final Pipeline postFilters;

    private SampleExtractor(Kind kind, Pipeline pipeline, String label, Conversion conversion, Pipeline postFilters) {
        this.kind = kind;
        this.pipeline = pipeline;
        this.label = label;
        this.conversion = conversion;
        this.postFilters = postFilters;
    }

    /** 1 per line that passes the pipeline. */
    public static SampleExtractor countLines(Pipeline pipeline) {
        return new SampleExtractor(Kind.COUNT, pipeline, null, null, Pipeline.NOOP);
    }

    /** The byte length of each line after the pipeline. */
    public static SampleExtractor lineBytes(Pipeline pipeline) {
        return new SampleExtractor(Kind.BYTES, pipeline, null, null, Pipeline.NOOP);
    }

    /**
     * {@code <pipeline> | unwrap [conversion](label) <postFilters>}. A line without the label (or with an empty
     * value) gives no sample; a value that does not convert gives 0 with {@code __error__=SampleExtractionErr},
     * which the post filters (typically {@code | __error__=""}) may then drop.
     */
    public static SampleExtractor unwrap(Pipeline pipeline, String label, Conversion conversion, List<LabelFilter> postFilters) {
        return new SampleExtractor(Kind.UNWRAP, pipeline, label, conversion, Pipeline.of(List.copyOf(postFilters)));
    }

    /** The unwrapped label (Loki leaves it out of the series labels unless grouped by it), or null. */
    public String unwrappedLabel() {
        return label;
    }

    public ForStream forStream(Labels streamLabels) {
        return new ForStream(pipeline.forStream(streamLabels), postFilters.forStream(streamLabels));
    }

    /** A sample extractor bound to one stream; after {@link #process} returns true, read {@link #value()}. */
    public final class ForStream {
        private final StreamPipeline stages;
        private final StreamPipeline post;
        private double value;

        private ForStream(StreamPipeline stages, StreamPipeline post) {
            this.stages = stages;
            this.post = post;
        }

        /** Runs the line through the pipeline; false when it was dropped or yields no sample. */
        public boolean process(long timestampNanos, byte[] line, int length, Labels structuredMetadata) {
            return process(timestampNanos, line, 0, length, structuredMetadata);
        }

        /** The same for a line at {@code buf[off, off+len)} (see {@link StreamPipeline}'s offset form). */
        public boolean process(long timestampNanos, byte[] buf, int off, int len, Labels structuredMetadata) {
            if (!stages.process(timestampNanos, buf, off, len, structuredMetadata)) return false;
            LineBuffer out = stages.line();
            LabelsBuilder labels = stages.labels();
            switch (kind) {
                case COUNT -> value = 1;
                case BYTES -> value = out.length();
                case UNWRAP -> {
                    String v = labels.get(label);
                    if (v == null || v.isEmpty()) return false;
                    value = convert(v, labels);
                    for (Stage f : postFiltersOf()) {
                        if (!f.process(timestampNanos, out, labels)) return false;
                    }
                }
            }
            return true;
        }

        public boolean process(long timestampNanos, String line, Labels structuredMetadata) {
            byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
            return process(timestampNanos, utf8, utf8.length, structuredMetadata);
        }

        public double value() {
            return value;
        }

        /** The line's labels after the pipeline (including errors); the unwrapped label is still there. */
        public LabelsBuilder labels() {
            return stages.labels();
        }

        private Stage[] postFiltersOf() {
            return post.stages();
        }

        private double convert(String v, LabelsBuilder labels) {
            try {
                return switch (conversion) {
                    case FLOAT -> GoFloats.parse(v);
                    case DURATION_SECONDS -> Durations.parseGo(v) / 1e9;
                    case BYTES -> unsignedToDouble(ByteSizes.parseHumanized(v));
                };
            } catch (FormatException e) {
                labels.setError(ErrorNames.SAMPLE_EXTRACTION, e.getMessage());
                return 0;
            }
        }
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}

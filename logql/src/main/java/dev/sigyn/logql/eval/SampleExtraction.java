package dev.sigyn.logql.eval;

import dev.sigyn.logql.Cancellation;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.compile.SampleExtractors;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.pipeline.LabelsBuilder;
import dev.sigyn.logql.pipeline.SampleExtractor;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.SampleSink.ExtractedSeries;
import dev.sigyn.logql.syntax.Grouping;
import dev.sigyn.logql.syntax.RangeAggregationExpr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What a range aggregation asks of its sources: the samples of each selected line, in the series the line belongs
 * to. A source runs it where the lines are ({@link dev.sigyn.logql.source.LogSource#selectSamples}), one
 * {@link #forStream stream receiver} per stream, so that only samples leave it. Ranges with only line filters and no
 * unwrap take one sample per line (1, or its UTF-8 size for bytes_*) in its stream's series; others run the compiled
 * pipeline and sample extractor on each line, which also decides the line's series. Thread-safe: each stream gets its
 * own compiled extractor (pipeline stages keep scratch state).
 *
 * <p>Samples and new series are charged to {@code account} and the query's cancellation is checked every
 * {@value #LINES_PER_CHECK} lines.
 */
public final class SampleExtraction {
    /** Lines a stream receiver takes between two checks of the query's cancellation and memory charges. */
    static final int LINES_PER_CHECK = 1024;

    private final RangeAggregationExpr range;
    private final Grouping enclosingSum;
    private final boolean plain;
    private final boolean bytes;
    private final MemoryBudget.Account account;

    /**
     * @param plain        true for a range with only line filters and no unwrap
     * @param bytes        true for bytes_over_time and bytes_rate (a plain range's sample is the line's size)
     * @param enclosingSum the grouping of a {@code sum} directly around the aggregation, or null (see
     *                     {@link SampleExtractors#compile})
     */
    SampleExtraction(RangeAggregationExpr range, Grouping enclosingSum, boolean plain, boolean bytes,
                     MemoryBudget.Account account) {
        this.range = range;
        this.enclosingSum = enclosingSum;
        this.plain = plain;
        this.bytes = bytes;
        this.account = account;
    }

    /** The receiver of one stream's raw lines (in range, past the query's line filter); its end delivers to sink. */
    public LineSink forStream(Labels stream, SampleSink sink, Cancellation cancellation) {
        return plain ? new Counting(stream, sink, cancellation)
                : new Extracting(stream, SampleExtractors.compile(range, enclosingSum), sink, cancellation);
    }

    /** The samples of one series with the keys of their lines (none when its sink needs none). */
    private static final class SeriesBuilder {
        private static final long[] NO_KEYS = new long[0];
        final Labels labels;
        final List<Sample> samples = new ArrayList<>();
        /** Null when the keys are not kept. */
        long[] keys;

        SeriesBuilder(Labels labels, boolean keyed) {
            this.labels = labels;
            this.keys = keyed ? new long[16] : null;
        }

        void add(Sample s, long key) {
            if (keys != null) {
                if (samples.size() == keys.length) keys = Arrays.copyOf(keys, keys.length * 2);
                keys[samples.size()] = key;
            }
            samples.add(s);
        }

        ExtractedSeries build() {
            return new ExtractedSeries(labels, samples, keys != null ? Arrays.copyOf(keys, samples.size()) : NO_KEYS);
        }
    }

    /** What both receivers share: the line keys, the statistics and the periodic check and charge. */
    private abstract class StreamReceiver implements LineSink {
        final Labels stream;
        final SampleSink sink;
        private final Cancellation cancellation;
        /** Null when the receiver needs no line keys. */
        private final CRC32C crc;
        private int linesSinceCheck;
        private long lines, lineBytes;
        /** Bytes of samples and new series taken since the last check, not yet charged. */
        long unchargedBytes;

        StreamReceiver(Labels stream, SampleSink sink, Cancellation cancellation) {
            this.stream = stream;
            this.sink = sink;
            this.cancellation = cancellation;
            this.crc = sink.needsLineKeys(stream) ? new CRC32C() : null;
            cancellation.check();
        }

        /**
         * Identifies a line among the lines of its stream at one timestamp: its CRC-32C and length (an intrinsic, so
         * cheap next to extraction).
         */
        long key(byte[] buf, int off, int len) {
            if (crc == null) return 0;
            crc.reset();
            crc.update(buf, off, len);
            return crc.getValue() << 32 | (len & 0xffffffffL);
        }

        boolean keyed() {
            return crc != null;
        }

        /** Counts a line; every so often checks the cancellation and charges what was taken. */
        void counted(int len) {
            lines++;
            lineBytes += len;
            if (++linesSinceCheck == LINES_PER_CHECK) {
                check();
                linesSinceCheck = 0;
            }
        }

        void check() {
            cancellation.check();
            if (unchargedBytes != 0) account.charge(unchargedBytes);
            unchargedBytes = 0;
        }

        @Override
        public void end() {
            check();
            sink.read(lines, lineBytes);
            List<ExtractedSeries> series = series();
            if (!series.isEmpty()) sink.accept(stream, series);
        }

        abstract List<ExtractedSeries> series();
    }

    /**
     * Ranges without pipeline: one sample per line, in the stream's own series or, for an entry with structured
     * metadata, in the series of the stream's labels and its metadata (as Loki's line sample extractor adds the
     * metadata to the labels; so {@code sum by (detected_level) (count_over_time({app="x"}[1m]))} groups by it).
     */
    private final class Counting extends StreamReceiver {
        private static final int RECENT = 8;
        private final SeriesBuilder plain;
        private final Map<Labels, SeriesBuilder> withMetadata = new LinkedHashMap<>(0);
        private LabelsBuilder merger;
        /**
         * The series of the metadata sets seen last, looked up by equality before anything is built: a stream's
         * entries carry few distinct sets (a handful of levels, say) that alternate from line to line.
         */
        private final Labels[] recentMetadata = new Labels[RECENT];
        private final SeriesBuilder[] recentSeries = new SeriesBuilder[RECENT];
        private int nextRecent;

        Counting(Labels stream, SampleSink sink, Cancellation cancellation) {
            super(stream, sink, cancellation);
            this.plain = new SeriesBuilder(stream, keyed());
            unchargedBytes = MemoryBudget.seriesBytes(stream);
        }

        @Override
        public void accept(long ts, byte[] buf, int off, int len, Labels metadata) {
            seriesOf(metadata).add(new Sample(ts, bytes ? len : 1), key(buf, off, len));
            unchargedBytes += MemoryBudget.SAMPLE_BYTES;
            counted(len);
        }

        private SeriesBuilder seriesOf(Labels metadata) {
            if (metadata == null || metadata.isEmpty()) return plain;
            for (int i = 0; i < RECENT; i++) {
                Labels m = recentMetadata[i];
                if (m == metadata || (m != null && m.equals(metadata))) return recentSeries[i];
            }
            if (merger == null) merger = new LabelsBuilder(stream);
            merger.reset();
            merger.addStructuredMetadata(metadata);
            Labels labels = merger.labels();
            SeriesBuilder series = withMetadata.get(labels);
            if (series == null) {
                withMetadata.put(labels, series = new SeriesBuilder(labels, keyed()));
                unchargedBytes += MemoryBudget.seriesBytes(labels);
            }
            recentMetadata[nextRecent] = metadata;
            recentSeries[nextRecent] = series;
            nextRecent = (nextRecent + 1) % RECENT;
            return series;
        }

        @Override
        List<ExtractedSeries> series() {
            List<ExtractedSeries> out = new ArrayList<>(1 + withMetadata.size());
            if (!plain.samples.isEmpty()) out.add(plain.build());
            for (SeriesBuilder b : withMetadata.values()) out.add(b.build());
            return out;
        }
    }

    /** Lines through the extractor, one series per label set they land in. */
    private final class Extracting extends StreamReceiver {
        private final SampleExtractors.Compiled compiled;
        private final SampleExtractor.ForStream extractor;
        private final Map<Labels, SeriesBuilder> bySeries = new LinkedHashMap<>();
        /** The last series a sample went to: consecutive lines usually land in the same one. */
        private SeriesBuilder last;

        Extracting(Labels stream, SampleExtractors.Compiled compiled, SampleSink sink, Cancellation cancellation) {
            super(stream, sink, cancellation);
            this.compiled = compiled;
            this.extractor = compiled.extractor().forStream(stream);
        }

        @Override
        public void accept(long ts, byte[] buf, int off, int len, Labels metadata) {
            counted(len);
            if (!extractor.process(ts, buf, off, len, metadata)) return;
            Labels labels = compiled.seriesLabels().of(extractor.labels());
            if (last == null || labels != last.labels) {
                last = bySeries.get(labels);
                if (last == null) {
                    bySeries.put(labels, last = new SeriesBuilder(labels, keyed()));
                    unchargedBytes += MemoryBudget.seriesBytes(labels);
                }
            }
            last.add(new Sample(ts, extractor.value()), key(buf, off, len));
            unchargedBytes += MemoryBudget.SAMPLE_BYTES;
        }

        @Override
        List<ExtractedSeries> series() {
            List<ExtractedSeries> out = new ArrayList<>(bySeries.size());
            for (SeriesBuilder b : bySeries.values()) out.add(b.build());
            return out;
        }
    }
}

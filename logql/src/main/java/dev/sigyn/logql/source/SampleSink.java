package dev.sigyn.logql.source;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.Sample;

import java.util.List;

/**
 * Where sources deliver a metric query's samples ({@link LogSource#selectSamples}): per stream, the series its lines
 * were extracted into. Thread-safe: a source may deliver streams from several threads, several sources at once.
 */
public interface SampleSink {

    /**
     * The series one source extracted from one stream's lines; called at most once per stream and source. A stream
     * several sources hold (ingester memory and the object store, shortly after a flush) arrives once from each.
     */
    void accept(Labels stream, List<ExtractedSeries> series);

    /**
     * Whether the samples of this stream need their {@link ExtractedSeries#lineKeys() line keys}: only a stream that
     * arrives from more than one source does. Without them {@link ExtractedSeries#lineKeys()} is empty. True by
     * default.
     */
    default boolean needsLineKeys(Labels stream) {
        return true;
    }

    /** Entries a source read for the query before extraction, for the query's statistics. */
    void read(long lines, long bytes);

    /**
     * One series of one stream, samples in time order. {@code lineKeys[i]} identifies the line sample {@code i} was
     * taken from, so that a receiver merging copies of a stream from several sources can count each line once: two
     * samples at the same time with the same key came from the same line.
     */
    record ExtractedSeries(Labels labels, List<Sample> samples, long[] lineKeys) {}
}

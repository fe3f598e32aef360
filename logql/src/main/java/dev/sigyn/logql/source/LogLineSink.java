package dev.sigyn.logql.source;

import dev.sigyn.logql.LogLine;

/**
 * Where sources deliver a log query's answer ({@link LogSource#selectLines}): lines that survived the query's whole
 * pipeline. The receiver keeps the first lines in the query's direction; {@link #wants} tells a source which
 * timestamps could still be among them, so that it skips the pipeline for the others and stops reading a stream
 * once no later entry can be wanted. Thread-safe: a source may deliver from several threads, and several sources to
 * one receiver at once.
 */
public interface LogLineSink {

    /** Whether a line at this timestamp could still be part of the answer; once false for a time, false for later ones. */
    boolean wants(long timestampNanos);

    /** A line that passed the pipeline. Repeats of a line (same time, text and labels) count once. */
    void accept(LogLine line);

    /** Entries a source read for the query before the pipeline ran, for the query's statistics. */
    void read(long lines, long bytes);
}

package dev.sigyn.logql.source;

import dev.sigyn.logql.Labels;

/**
 * Where {@link LogSource#scan} delivers what a query selects: one {@link LineSink} per stream. {@link #open} may be
 * called from several threads at once (a source may scan streams in parallel), each returned sink by one thread.
 */
@FunctionalInterface
public interface StreamSink {
    /** The receiver of the entries of the stream with these labels; each stream is opened at most once per scan. */
    LineSink open(Labels labels);
}

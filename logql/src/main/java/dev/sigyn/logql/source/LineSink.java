package dev.sigyn.logql.source;

import dev.sigyn.logql.Labels;

/**
 * Receives the entries of one stream from {@link LogSource#scan}, in the query's direction, each entry once. The line
 * is {@code buf[off, off+len)} as UTF-8 and is valid only during the call: no String is made for it unless the
 * receiver makes one. Used by one thread at a time.
 */
public interface LineSink {
    void accept(long timestampNanos, byte[] buf, int off, int len, Labels structuredMetadata);

    /** Called once after the stream's last entry. */
    default void end() {}
}

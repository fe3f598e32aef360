package dev.sigyn.logql;

/** One log line of a stream: its timestamp in Unix nanoseconds, its text, and its structured metadata. */
public record Entry(long timestampNanos, String line, Labels structuredMetadata) {
    public Entry(long timestampNanos, String line) {
        this(timestampNanos, line, Labels.EMPTY);
    }
}

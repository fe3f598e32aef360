package dev.sigyn.logql.source;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps what one {@link LogSource#scan} delivers as whole streams, lines as Strings: for the few readers whose answer
 * is every selected entry of a source anyway (tail history, pattern samples, Loki's {@code interval} answers). The
 * caller charges what it keeps to its query's memory budget.
 */
public final class CollectedStreams implements StreamSink {
    private final ConcurrentLinkedQueue<StreamResult> streams = new ConcurrentLinkedQueue<>();

    /** Scans {@code source} for {@code query} and returns its streams, sorted by labels. */
    public static List<StreamResult> scan(LogSource source, String tenant, StreamQuery query) throws IOException {
        CollectedStreams collected = new CollectedStreams();
        source.scan(tenant, query, collected);
        return collected.streams();
    }

    @Override
    public LineSink open(Labels labels) {
        List<Entry> entries = new ArrayList<>();
        return new LineSink() {
            @Override
            public void accept(long timestampNanos, byte[] buf, int off, int len, Labels structuredMetadata) {
                entries.add(new Entry(timestampNanos, new String(buf, off, len, StandardCharsets.UTF_8),
                        structuredMetadata == null ? Labels.EMPTY : structuredMetadata));
            }

            @Override
            public void end() {
                if (!entries.isEmpty()) streams.add(new StreamResult(labels, List.copyOf(entries)));
            }
        };
    }

    /** The streams ended so far, sorted by labels. */
    public List<StreamResult> streams() {
        List<StreamResult> out = new ArrayList<>(streams);
        out.sort(Comparator.comparing(StreamResult::labels));
        return out;
    }
}

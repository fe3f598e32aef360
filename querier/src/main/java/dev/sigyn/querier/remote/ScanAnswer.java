package dev.sigyn.querier.remote;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.store.chunk.ChunkEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ingester's answer to a scan. Each stream is held until its end arrives and only then handed to the sink, and
 * not at all when another answer of the same scan already handed it over ({@code delivered}, shared by the scan's
 * answers): when a call fails midway its partitions are asked again, and the streams it had finished would
 * otherwise come twice. What is held is charged to the query's memory budget.
 */
final class ScanAnswer implements OwnerRound.Answer {
    private final StreamSink sink;
    private final Set<Labels> delivered;
    private final MemoryBudget.Account held;
    private final Map<Integer, Receiving> streams = new HashMap<>();

    ScanAnswer(StreamSink sink, Set<Labels> delivered, MemoryBudget memory) {
        this.sink = sink;
        this.delivered = delivered;
        this.held = memory.account();
    }

    /** A stream whose end has not arrived yet, and the bytes charged for it. */
    private static final class Receiving {
        final Labels labels;
        final List<ChunkEntry> entries = new ArrayList<>();
        long bytes;

        Receiving(Labels labels) {
            this.labels = labels;
        }
    }

    @Override
    public void frame(Frame frame) throws IOException {
        switch (frame) {
            case Frame.StreamStart s -> {
                Receiving r = new Receiving(s.labels());
                charge(r, MemoryBudget.seriesBytes(s.labels()));
                streams.put(s.id(), r);
            }
            case Frame.Entries e -> {
                Receiving r = receiving(e.streamId());
                for (ChunkEntry entry : e.entries()) charge(r, MemoryBudget.entryBytes(entry.line().length));
                r.entries.addAll(e.entries());
            }
            case Frame.StreamEnd e -> {
                Receiving r = receiving(e.streamId());
                streams.remove(e.streamId());
                if (delivered.add(r.labels)) hand(r);
                held.release(r.bytes);
            }
            default -> throw RemoteIngesters.unexpected(frame);
        }
    }

    @Override
    public void completed() {
        held.close(); // an answer ends with its streams ended; nothing is held any more
    }

    @Override
    public void abandoned() {
        streams.clear();
        held.close();
    }

    private void hand(Receiving r) {
        LineSink lines = sink.open(r.labels);
        for (ChunkEntry e : r.entries) {
            lines.accept(e.timestampNanos(), e.line(), 0, e.line().length, e.structuredMetadata());
        }
        lines.end();
    }

    private Receiving receiving(int id) throws IOException {
        Receiving r = streams.get(id);
        if (r == null) throw new IOException("an ingester sent entries of stream " + id + ", which it had not opened");
        return r;
    }

    private void charge(Receiving r, long bytes) {
        r.bytes += bytes;
        held.charge(bytes);
    }
}

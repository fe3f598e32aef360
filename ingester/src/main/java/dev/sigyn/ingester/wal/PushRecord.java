package dev.sigyn.ingester.wal;

import java.util.List;

/**
 * Everything one push stored, for every stream it added to, as one WAL frame: a push is durable as a whole or not at
 * all (a torn write loses the whole frame). {@code seq} is given by the WAL when it appends the frame, from one
 * counter that only grows (also across restarts), so replay can tell which pushes a checkpoint already holds. A
 * stream appears at most once in a record.
 */
public record PushRecord(long seq, String tenant, List<StreamEntries> parts) {

    /** The part of stream {@code i} as the single-stream record replay hands on. */
    EntriesRecord part(int i) {
        StreamEntries p = parts.get(i);
        return new EntriesRecord(seq, tenant, p.labels(), p.entries());
    }
}

package dev.sigyn.ingester.wal;

/** Receives what replay reads: first the checkpoint's streams, then the segments' records in write order. */
public interface ReplayTarget {

    void restore(StreamSnapshot snapshot);

    /** Applies a record unless the stream already holds it (its seq is not above the stream's last seq). */
    void replay(EntriesRecord record);
}

package dev.sigyn.ingester.wal;

import java.util.function.Consumer;

/**
 * Produces the stream snapshots a checkpoint writes. It is called after the WAL switched to a new segment, so it
 * must read the streams only when called: everything written before the switch is then part of the snapshots.
 */
@FunctionalInterface
public interface SnapshotSource {
    void forEach(Consumer<StreamSnapshot> sink);
}

package dev.sigyn.ingester.tail;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/**
 * Receives the entries of a stream that a live tail selected, once they are durable in the WAL. Called on the
 * pushing thread while the client waits for its answer: must only hand the entries off (queue them), never block.
 * The entries are shared with the push path and with other tails: read them, never change them (the list cannot be).
 */
@FunctionalInterface
public interface TailListener {
    void onEntries(Labels stream, List<ChunkEntry> entries);
}

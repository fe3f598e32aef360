package dev.sigyn.ingester.wal;

import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/**
 * An unflushed in-memory chunk: its cut blocks (kept compressed) and its head entries in timestamp order.
 *
 * @param closedReason why the chunk was closed and waits for a flush (e.g. "full"), or null while it is open
 */
public record ChunkSnapshot(List<Block> blocks, List<ChunkEntry> head, String closedReason) {
}

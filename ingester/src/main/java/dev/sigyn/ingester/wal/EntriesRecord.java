package dev.sigyn.ingester.wal;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/**
 * The entries one push added to one stream, as a WAL segment stores them. {@code seq} comes from one counter shared
 * by all streams and only grows (also across restarts), so replay can tell which records a checkpoint already holds.
 */
public record EntriesRecord(long seq, String tenant, Labels labels, List<ChunkEntry> entries) {
}

package dev.sigyn.ingester.wal;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/** The entries one push adds to one stream: a part of a {@link PushRecord}. */
public record StreamEntries(Labels labels, List<ChunkEntry> entries) {
}

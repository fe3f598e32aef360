package dev.sigyn.store.index;

import dev.sigyn.logql.Labels;

import java.util.List;

/** A stream (series) and the chunks of it that an index file knows about. */
public record SeriesChunks(Labels labels, List<ChunkRef> chunks) {
}

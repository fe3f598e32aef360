package dev.sigyn.logql.source;

import dev.sigyn.logql.Labels;

import java.util.List;

/** A stream and the metadata of its chunks that overlap a range. */
public record StreamStats(Labels labels, List<ChunkStats> chunks) {
}

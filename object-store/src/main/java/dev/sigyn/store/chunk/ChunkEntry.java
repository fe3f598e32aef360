package dev.sigyn.store.chunk;

import dev.sigyn.logql.Labels;

/** An entry as the chunk codec stores it: line as UTF-8 bytes. */
public record ChunkEntry(long timestampNanos, byte[] line, Labels structuredMetadata) {
}

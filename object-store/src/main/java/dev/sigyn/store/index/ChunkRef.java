package dev.sigyn.store.index;

/** Where a flushed chunk lives and what it covers: timestamps in [fromNanos, throughNanos] inclusive. */
public record ChunkRef(String key, long fromNanos, long throughNanos, int entries, int sizeBytes) {
}

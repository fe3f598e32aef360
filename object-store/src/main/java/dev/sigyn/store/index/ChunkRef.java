package dev.sigyn.store.index;

/**
 * Where a flushed chunk lives and what it covers: timestamps in [fromNanos, throughNanos] inclusive, its entry count,
 * its stored (compressed) size, and the bytes of its lines before compression, from which {@code index/stats} and
 * {@code index/volume} answer without reading the chunk. {@code lineBytes} is {@link #UNKNOWN_LINE_BYTES} for chunks
 * listed by index files of version 1, which did not record it.
 */
public record ChunkRef(String key, long fromNanos, long throughNanos, int entries, int sizeBytes, long lineBytes) {
    public static final long UNKNOWN_LINE_BYTES = -1;

    public boolean knowsLineBytes() {
        return lineBytes != UNKNOWN_LINE_BYTES;
    }
}

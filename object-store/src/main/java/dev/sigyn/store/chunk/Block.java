package dev.sigyn.store.chunk;

import java.util.List;

/**
 * An immutable, compressed run of entries sorted by timestamp: the unit a reader decompresses. The ingester cuts
 * its head into blocks of about {@code chunk_block_size} uncompressed bytes; a chunk is a sequence of blocks whose
 * time ranges may overlap when entries arrived out of order.
 */
public final class Block {
    private final long minTimestamp;
    private final long maxTimestamp;
    private final int entryCount;
    private final int uncompressedSize;
    private final byte[] compressed;

    public Block(long minTimestamp, long maxTimestamp, int entryCount, int uncompressedSize, byte[] compressed) {
        this.minTimestamp = minTimestamp;
        this.maxTimestamp = maxTimestamp;
        this.entryCount = entryCount;
        this.uncompressedSize = uncompressedSize;
        this.compressed = compressed;
    }

    /** Encodes entries that are already sorted by timestamp (ties in arrival order). */
    public static Block encode(List<ChunkEntry> sortedEntries) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Visits every entry in timestamp order. */
    public void decode(EntryVisitor visitor) {
        throw new UnsupportedOperationException("TODO");
    }

    public long minTimestamp() { return minTimestamp; }
    public long maxTimestamp() { return maxTimestamp; }
    public int entryCount() { return entryCount; }
    public int uncompressedSize() { return uncompressedSize; }
    public byte[] compressed() { return compressed; }
}

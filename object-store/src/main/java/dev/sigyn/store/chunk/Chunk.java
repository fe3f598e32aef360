package dev.sigyn.store.chunk;

import java.io.IOException;
import java.util.List;

/**
 * A chunk object: header (magic, version, codec), blocks, a block table with offsets and time bounds, and a
 * checksum. See docs/formats.md.
 */
public final class Chunk {
    private final List<Block> blocks;

    public Chunk(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    public List<Block> blocks() { return blocks; }

    /** The chunk's bytes as stored in the object store. */
    public byte[] encode() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Parses a stored chunk; throws IOException on a bad magic, version or checksum. Blocks stay compressed. */
    public static Chunk decode(byte[] data) throws IOException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Visits the entries with {@code fromNanos <= ts < throughNanos} in timestamp order (merging blocks whose ranges
     * overlap), decompressing only blocks whose time range overlaps the interval.
     */
    public void scan(long fromNanos, long throughNanos, EntryVisitor visitor) {
        throw new UnsupportedOperationException("TODO");
    }
}

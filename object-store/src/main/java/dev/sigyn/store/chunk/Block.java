package dev.sigyn.store.chunk;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.bytes.ByteSink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, compressed run of entries sorted by timestamp: the unit a reader decompresses. The ingester cuts
 * its head into blocks of about {@code chunk_block_size} uncompressed bytes; a chunk is a sequence of blocks whose
 * time ranges may overlap when entries arrived out of order.
 *
 * <p>The uncompressed payload is column oriented (see docs/storage-format.md): entry count, timestamps (first
 * absolute, then deltas, zig-zag varints), line lengths, structured metadata (a per-block symbol table, then per
 * entry a pair count and symbol references), and finally the line bytes back to back. The whole payload is
 * compressed with the block's {@link BlockCodec} (zstd for new blocks; snappy ones written before stay readable).
 */
public final class Block {
    private final long minTimestamp;
    private final long maxTimestamp;
    private final int entryCount;
    private final int uncompressedSize;
    /** The compressed payload is {@code data[offset, offset+length)}: blocks read from a chunk share its bytes. */
    private final byte[] data;
    private final int offset;
    private final int length;
    private final BlockCodec codec;

    /** A snappy block (the codec of blocks written before zstd). */
    public Block(long minTimestamp, long maxTimestamp, int entryCount, int uncompressedSize, byte[] compressed) {
        this(minTimestamp, maxTimestamp, entryCount, uncompressedSize, compressed, BlockCodec.SNAPPY);
    }

    public Block(long minTimestamp, long maxTimestamp, int entryCount, int uncompressedSize, byte[] compressed,
                 BlockCodec codec) {
        this(minTimestamp, maxTimestamp, entryCount, uncompressedSize, compressed, 0, compressed.length, codec);
    }

    /** A block whose compressed payload is {@code data[offset, offset+length)}; {@code data} must not change. */
    Block(long minTimestamp, long maxTimestamp, int entryCount, int uncompressedSize, byte[] data, int offset, int length,
          BlockCodec codec) {
        this.codec = codec;
        this.minTimestamp = minTimestamp;
        this.maxTimestamp = maxTimestamp;
        this.entryCount = entryCount;
        this.uncompressedSize = uncompressedSize;
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    /** Encodes entries that should be sorted by timestamp (ties in arrival order); sorts a copy if they are not. */
    public static Block encode(List<ChunkEntry> sortedEntries) {
        if (!isSorted(sortedEntries)) {
            // Defensive: readers rely on the order (binary search, merges). A stable sort keeps arrival order for ties.
            sortedEntries = new ArrayList<>(sortedEntries);
            sortedEntries.sort(Comparator.comparingLong(ChunkEntry::timestampNanos));
        }
        return encodeSorted(sortedEntries);
    }

    /**
     * Encodes entries the caller guarantees are sorted by timestamp (the ingester's head keeps them so), without
     * checking; unsorted input would produce a block readers misread. The list is only read, never kept.
     */
    public static Block encodeSorted(List<ChunkEntry> sortedEntries) {
        int n = sortedEntries.size();
        long lineBytes = 0;
        for (ChunkEntry e : sortedEntries) lineBytes += e.line().length;
        if (lineBytes > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("block too large: " + lineBytes + " bytes");
        // Timestamp deltas take up to 10 bytes, lengths 1-3, metadata counts 1: sized so the buffer never grows.
        // The payload is written into pooled scratch space: only the compressed block is a new array.
        ZstdScratch scratch = ZstdScratch.borrow();
        try {
            ByteSink out = ByteSink.over(scratch.rawBuffer((int) lineBytes + n * 14 + 64));
            out.writeUvarint(n);
            long min = n == 0 ? 0 : Long.MAX_VALUE;
            long max = n == 0 ? 0 : Long.MIN_VALUE;
            long prev = 0;
            for (ChunkEntry e : sortedEntries) {
                long ts = e.timestampNanos();
                out.writeVarint(ts - prev);
                prev = ts;
                min = Math.min(min, ts);
                max = Math.max(max, ts);
            }
            for (ChunkEntry e : sortedEntries) out.writeUvarint(e.line().length);
            writeMetadata(out, sortedEntries);
            for (ChunkEntry e : sortedEntries) out.writeBytes(e.line());
            BlockCodec codec = BlockCodec.DEFAULT;
            return new Block(min, max, n, out.size(), codec.compress(out.array(), out.size(), scratch), codec);
        } finally {
            scratch.release();
        }
    }

    /** This block with its payload compressed by {@code target} (itself when it already is). */
    public Block recompressed(BlockCodec target) {
        if (target == codec) return this;
        byte[] raw = new byte[uncompressedSize];
        codec.decompressInto(data, offset, length, raw, uncompressedSize);
        return new Block(minTimestamp, maxTimestamp, entryCount, uncompressedSize, target.compress(raw, raw.length), target);
    }

    private static boolean isSorted(List<ChunkEntry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).timestampNanos() < entries.get(i - 1).timestampNanos()) return false;
        }
        return true;
    }

    private static void writeMetadata(ByteSink out, List<ChunkEntry> entries) {
        Map<String, Integer> symbols = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (ChunkEntry e : entries) {
            Labels md = metadataOf(e);
            for (int i = 0; i < md.size(); i++) {
                Label l = md.get(i);
                if (symbols.putIfAbsent(l.name(), order.size()) == null) order.add(l.name());
                if (symbols.putIfAbsent(l.value(), order.size()) == null) order.add(l.value());
            }
        }
        out.writeUvarint(order.size());
        for (String s : order) out.writeString(s);
        for (ChunkEntry e : entries) {
            Labels md = metadataOf(e);
            out.writeUvarint(md.size());
            for (int i = 0; i < md.size(); i++) {
                out.writeUvarint(symbols.get(md.get(i).name()));
                out.writeUvarint(symbols.get(md.get(i).value()));
            }
        }
    }

    private static Labels metadataOf(ChunkEntry e) {
        return e.structuredMetadata() == null ? Labels.EMPTY : e.structuredMetadata();
    }

    /** Visits every entry in timestamp order. Throws {@link dev.sigyn.store.bytes.MalformedDataException} on corrupt data. */
    public void decode(EntryVisitor visitor) {
        DecodedBlock d = decompress();
        for (int i = 0; i < d.size(); i++) d.visit(i, visitor);
    }

    /** Decompresses and parses the columns; package-private so {@link Chunk} can merge blocks entry by entry. */
    DecodedBlock decompress() {
        return DecodedBlock.parse(codec, data, offset, length, uncompressedSize, entryCount);
    }

    public long minTimestamp() { return minTimestamp; }
    public long maxTimestamp() { return maxTimestamp; }
    public int entryCount() { return entryCount; }
    public int uncompressedSize() { return uncompressedSize; }
    public int compressedLength() { return length; }
    public BlockCodec codec() { return codec; }

    /** The compressed payload as an array of its own (a copy when the block shares its chunk's bytes). */
    public byte[] compressed() {
        return offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length);
    }

    /** Appends the compressed payload to {@code out}. */
    public void writeCompressedTo(ByteSink out) {
        out.writeBytes(data, offset, length);
    }
}

package dev.sigyn.store.chunk;

import dev.sigyn.logql.Direction;
import dev.sigyn.store.bytes.ByteSink;
import dev.sigyn.store.bytes.ByteSource;
import dev.sigyn.store.bytes.MalformedDataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.zip.CRC32C;

/**
 * A chunk object: header (magic, version, codec), blocks, a block table with offsets and time bounds, and a
 * checksum. See docs/storage-format.md.
 */
public final class Chunk {
    static final byte[] MAGIC = "SGYC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int HEADER_SIZE = 6;
    private static final int TABLE_ENTRY_SIZE = 32;
    /** Table offset (4) and CRC32C (4). */
    private static final int TRAILER_SIZE = 8;

    private final List<Block> blocks;

    public Chunk(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    public List<Block> blocks() { return blocks; }

    /**
     * The chunk's bytes as stored in the object store. One codec per chunk ({@link BlockCodec#DEFAULT}); blocks of
     * another codec (restored from an older WAL checkpoint) are recompressed.
     */
    public byte[] encode() {
        BlockCodec codec = BlockCodec.DEFAULT;
        List<Block> blocks = new ArrayList<>(this.blocks.size());
        for (Block b : this.blocks) blocks.add(b.recompressed(codec));
        long total = HEADER_SIZE + 4L + (long) TABLE_ENTRY_SIZE * blocks.size() + TRAILER_SIZE;
        for (Block b : blocks) total += b.compressedLength();
        if (total > Integer.MAX_VALUE - 8) throw new IllegalStateException("chunk larger than 2 GiB");
        ByteSink out = new ByteSink((int) total);
        out.writeBytes(MAGIC);
        out.writeByte(VERSION);
        out.writeByte(codec.id);
        int[] offsets = new int[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            offsets[i] = out.size();
            blocks.get(i).writeCompressedTo(out);
        }
        int tableOffset = out.size();
        out.writeInt(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            out.writeInt(offsets[i]);
            out.writeInt(b.compressedLength());
            out.writeLong(b.minTimestamp());
            out.writeLong(b.maxTimestamp());
            out.writeInt(b.entryCount());
            out.writeInt(b.uncompressedSize());
        }
        out.writeInt(tableOffset);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.size());
        out.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    /**
     * Parses a stored chunk; throws IOException on a bad magic, version or checksum. Blocks stay compressed, as
     * slices of {@code data} (no copy: a cached chunk is then one large array, which the garbage collector never
     * moves), so {@code data} must not be modified afterwards.
     */
    public static Chunk decode(byte[] data) throws IOException {
        if (data.length < HEADER_SIZE + 4 + TRAILER_SIZE) throw new IOException("chunk too short: " + data.length + " bytes");
        if (!Arrays.equals(data, 0, 4, MAGIC, 0, 4)) throw new IOException("not a Sigyn chunk (bad magic)");
        if (data[4] != VERSION) throw new IOException("unsupported chunk version " + (data[4] & 0xFF));
        BlockCodec codec = BlockCodec.ofId(data[5] & 0xFF);
        if (codec == null) throw new IOException("unsupported chunk codec " + (data[5] & 0xFF));
        ByteSource in = new ByteSource(data, 0, data.length);
        in.position(data.length - 4);
        int storedCrc = in.readInt();
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        if ((int) crc.getValue() != storedCrc) throw new IOException("chunk checksum mismatch");
        try {
            return new Chunk(readBlocks(data, in, codec));
        } catch (MalformedDataException e) {
            throw new IOException("malformed chunk: " + e.getMessage(), e);
        }
    }

    private static List<Block> readBlocks(byte[] data, ByteSource in, BlockCodec codec) {
        int tableEnd = data.length - TRAILER_SIZE;
        in.position(tableEnd);
        int tableOffset = in.readInt();
        if (tableOffset < HEADER_SIZE || tableOffset > tableEnd - 4) throw new MalformedDataException("bad block table offset");
        in.position(tableOffset);
        int count = in.readInt();
        if (count < 0 || (long) count * TABLE_ENTRY_SIZE != tableEnd - tableOffset - 4) {
            throw new MalformedDataException("block table size does not match its count");
        }
        List<Block> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int offset = in.readInt();
            int length = in.readInt();
            long min = in.readLong();
            long max = in.readLong();
            int entries = in.readInt();
            int uncompressed = in.readInt();
            if (offset < HEADER_SIZE || length < 0 || offset > tableOffset - length || entries < 0 || uncompressed < 0 || min > max) {
                throw new MalformedDataException("bad block table entry " + i);
            }
            blocks.add(new Block(min, max, entries, uncompressed, data, offset, length, codec));
        }
        return blocks;
    }

    /**
     * Visits the entries with {@code fromNanos <= ts < throughNanos} in timestamp order (merging blocks whose ranges
     * overlap), decompressing only blocks whose time range overlaps the interval.
     */
    public void scan(long fromNanos, long throughNanos, EntryVisitor visitor) {
        scan(fromNanos, throughNanos, Direction.FORWARD, visitor, ts -> true);
    }

    /**
     * Like {@link #scan(long, long, EntryVisitor)} in either direction. BACKWARD visits newest first, and entries
     * with equal timestamps in the reverse of their FORWARD order. {@code keepGoing} lets a caller that already has
     * enough entries stop early: it is asked with the timestamp of each entry before it is visited, and with the
     * nearest timestamp a run of blocks can hold before that run is decompressed; the scan ends at the first
     * {@code false} (everything after is further along in scan order).
     */
    public void scan(long fromNanos, long throughNanos, Direction direction, EntryVisitor visitor, LongPredicate keepGoing) {
        scan(fromNanos, throughNanos, direction, visitor, keepGoing, LiteralSearch.NONE);
    }

    /**
     * Like {@link #scan(long, long, Direction, EntryVisitor, LongPredicate)}, visiting only entries whose line
     * contains every literal of {@code literals}: each block is searched for them as a whole before its entries are
     * visited, and {@code keepGoing} is only asked about the entries found.
     */
    public void scan(long fromNanos, long throughNanos, Direction direction, EntryVisitor visitor, LongPredicate keepGoing,
                     LiteralSearch literals) {
        for (BlockRun run : runs(fromNanos, throughNanos, direction)) {
            if (!keepGoing.test(run.nearestTimestamp())) return;
            DecodedRun decoded = run.decode(literals);
            try {
                if (!decoded.visit(visitor, keepGoing)) return;
            } finally {
                decoded.release();
            }
        }
    }

    /**
     * The runs of blocks a scan of [fromNanos, throughNanos) in {@code direction} goes through, in scan order: each
     * run is blocks whose time ranges chain together (merged when read), and distinct runs are strictly ordered in
     * time.
     */
    List<BlockRun> runs(long fromNanos, long throughNanos, Direction direction) {
        if (fromNanos >= throughNanos) return List.of();
        List<List<Integer>> groups = overlappingGroups(fromNanos, throughNanos);
        boolean forward = direction == Direction.FORWARD;
        List<BlockRun> runs = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> group = groups.get(forward ? g : groups.size() - 1 - g);
            List<Block> members = new ArrayList<>(group.size());
            for (int i : group) members.add(blocks.get(i));
            runs.add(new BlockRun(members, fromNanos, throughNanos, forward));
        }
        return runs;
    }

    /**
     * Indexes of blocks overlapping [from, through), sorted by min timestamp and gathered into runs whose time
     * ranges chain together; distinct runs are strictly ordered in time, so they can be scanned one after another.
     */
    private List<List<Integer>> overlappingGroups(long from, long through) {
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.entryCount() > 0 && b.maxTimestamp() >= from && b.minTimestamp() < through) selected.add(i);
        }
        selected.sort(Comparator.comparingLong(i -> blocks.get(i).minTimestamp())); // stable: block order for ties
        List<List<Integer>> groups = new ArrayList<>();
        long groupMax = Long.MIN_VALUE;
        for (int i : selected) {
            Block b = blocks.get(i);
            if (groups.isEmpty() || b.minTimestamp() > groupMax) {
                groups.add(new ArrayList<>());
                groupMax = b.maxTimestamp();
            } else {
                groupMax = Math.max(groupMax, b.maxTimestamp());
            }
            groups.getLast().add(i);
        }
        for (List<Integer> g : groups) g.sort(null); // merge ties by arrival order = block order
        return groups;
    }
}

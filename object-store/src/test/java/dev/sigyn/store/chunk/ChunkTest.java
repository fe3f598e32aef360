package dev.sigyn.store.chunk;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.sigyn.store.chunk.BlockTest.entry;
import static org.junit.jupiter.api.Assertions.*;

class ChunkTest {

    private static List<String> scan(Chunk c, long from, long through) {
        List<String> out = new ArrayList<>();
        c.scan(from, through, (ts, buf, off, len, md) -> out.add(ts + ":" + new String(buf, off, len, StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> scanBackward(Chunk c, long from, long through) {
        List<String> out = new ArrayList<>();
        c.scan(from, through, Direction.BACKWARD, (ts, buf, off, len, md) -> out.add(ts + ":" + new String(buf, off, len, StandardCharsets.UTF_8)), ts -> true);
        return out;
    }

    private static Chunk threeBlocks() {
        return new Chunk(List.of(
                Block.encode(List.of(entry(100, "a"), entry(110, "b"), entry(120, "c"))),
                Block.encode(List.of(entry(200, "d", Labels.of("k", "v")), entry(210, ""))),
                Block.encode(List.of(entry(300, "f"), entry(310, "ñ")))));
    }

    @Test
    void encodedChunkDecodesToTheSameEntries() throws IOException {
        Chunk c = threeBlocks();
        Chunk d = Chunk.decode(c.encode());
        assertEquals(3, d.blocks().size());
        assertEquals(List.of("100:a", "110:b", "120:c", "200:d", "210:", "300:f", "310:ñ"), scan(d, Long.MIN_VALUE, Long.MAX_VALUE));
        List<Labels> md = new ArrayList<>();
        d.scan(200, 201, (ts, buf, off, len, m) -> md.add(m));
        assertEquals(List.of(Labels.of("k", "v")), md);
        for (int i = 0; i < 3; i++) {
            assertEquals(c.blocks().get(i).minTimestamp(), d.blocks().get(i).minTimestamp());
            assertEquals(c.blocks().get(i).maxTimestamp(), d.blocks().get(i).maxTimestamp());
            assertEquals(c.blocks().get(i).entryCount(), d.blocks().get(i).entryCount());
        }
    }

    private static List<String> scanContaining(Chunk c, Direction direction, String... literals) {
        List<byte[]> required = Arrays.stream(literals).map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
        List<String> out = new ArrayList<>();
        c.scan(Long.MIN_VALUE, Long.MAX_VALUE, direction,
                (ts, buf, off, len, md) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8)), ts -> true,
                LiteralSearch.of(required));
        return out;
    }

    @Test
    void scanWithRequiredLiteralsVisitsExactlyTheLinesHoldingThemAll() {
        // Hits that straddle two lines do not count; empty lines, several hits per line, UTF-8 literals.
        List<String> lines = List.of("POST /a 500", "", "PO", "ST /b 200", "GET /POST 503", "POSTPOST 500", "post 500",
                "ñPOSTñ 5", "x", "POST");
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) entries.add(entry(100 + i, lines.get(i)));
        Chunk c = new Chunk(List.of(Block.encode(entries.subList(0, 6)), Block.encode(entries.subList(6, lines.size()))));
        assertEquals(List.of("POST /a 500", "GET /POST 503", "POSTPOST 500", "ñPOSTñ 5", "POST"),
                scanContaining(c, Direction.FORWARD, "POST"));
        assertEquals(List.of("POSTPOST 500", "GET /POST 503", "POST /a 500"),
                scanContaining(c, Direction.BACKWARD, "POST", " 5", "0"));
        assertEquals(List.of("ñPOSTñ 5"), scanContaining(c, Direction.FORWARD, "Tñ"));
        assertEquals(List.of(), scanContaining(c, Direction.FORWARD, "POST /b"));
        assertEquals(lines, scanContaining(c, Direction.FORWARD, ""), "an empty literal is in every line");
    }

    @Test
    void requiredLiteralsFindTheSameLinesWhateverOrderTheSearchLearns() {
        // Which literal is searched over whole blocks is learnt from hit counts, so let the commonest literal change
        // half way: "a" is in most lines of the first 20 blocks and few after; "b" the other way round.
        java.util.Random random = new java.util.Random(7);
        List<ChunkEntry> entries = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            List<ChunkEntry> block = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                StringBuilder line = new StringBuilder();
                int len = random.nextInt(12);
                for (int j = 0; j < len; j++) {
                    double common = b < 20 ? 0.3 : 0.05;
                    double r = random.nextDouble();
                    line.append(r < common ? 'a' : r < 0.35 ? 'b' : r < 0.6 ? 'c' : 'd');
                }
                // Odd blocks overlap the block before them in time (entries that arrived late), with some equal
                // timestamps: those are merged, ties in block order.
                long ts = b % 2 == 0 ? b * 1000L + i : (b - 1) * 1000L + 25 + i;
                block.add(entry(ts, line.toString()));
            }
            entries.addAll(block);
            blocks.add(Block.encode(block));
        }
        Chunk c = new Chunk(blocks);
        List<ChunkEntry> inTimeOrder = new ArrayList<>(entries);
        inTimeOrder.sort(java.util.Comparator.comparingLong(ChunkEntry::timestampNanos)); // stable: ties in block order
        for (String[] literals : List.of(new String[]{"a", "b"}, new String[]{"ab", "c", "ba"}, new String[]{"b", "a", "d"})) {
            List<String> expected = new ArrayList<>();
            for (ChunkEntry e : inTimeOrder) {
                String line = new String(e.line(), StandardCharsets.UTF_8);
                if (Arrays.stream(literals).allMatch(line::contains)) expected.add(line);
            }
            assertEquals(expected, scanContaining(c, Direction.FORWARD, literals), String.join(",", literals));
            assertEquals(expected.reversed(), scanContaining(c, Direction.BACKWARD, literals), String.join(",", literals));
        }
    }

    @Test
    void scanVisitsOnlyTheHalfOpenInterval() throws IOException {
        Chunk c = Chunk.decode(threeBlocks().encode());
        assertEquals(List.of("110:b", "120:c", "200:d", "210:"), scan(c, 110, 300));
        assertEquals(List.of(), scan(c, 121, 200));
        assertEquals(List.of(), scan(c, 400, 500));
        assertEquals(List.of("210:", "200:d", "120:c", "110:b"), scanBackward(c, 110, 300));
    }

    @Test
    void blocksOutsideTheIntervalAreNotDecompressed() throws IOException {
        byte[] data = threeBlocks().encode();
        Chunk c = Chunk.decode(data);
        // Break the first block's compressed bytes in memory (after the checksum was verified; the blocks share the
        // chunk's bytes, the first starting after the 6-byte header): a scan that does not touch it still works, one
        // that does fails.
        Arrays.fill(data, 6, 6 + c.blocks().get(0).compressedLength(), (byte) 0xFF);
        assertEquals(List.of("300:f", "310:ñ"), scan(c, 300, 400));
        assertThrows(RuntimeException.class, () -> scan(c, 100, 400));
    }

    @Test
    void overlappingBlocksAreMergedInTimestampOrderWithTiesInBlockOrder() throws IOException {
        // Out-of-order writes: the second and third blocks cover times the first already covers.
        Chunk c = Chunk.decode(new Chunk(List.of(
                Block.encode(List.of(entry(10, "a"), entry(30, "c1"), entry(50, "e"))),
                Block.encode(List.of(entry(20, "b"), entry(30, "c2"), entry(60, "f"))),
                Block.encode(List.of(entry(100, "x"))),
                Block.encode(List.of(entry(5, "early"), entry(30, "c3"))))).encode());
        assertEquals(List.of("5:early", "10:a", "20:b", "30:c1", "30:c2", "30:c3", "50:e", "60:f", "100:x"),
                scan(c, 0, 1000));
        assertEquals(List.of("30:c1", "30:c2", "30:c3", "50:e"), scan(c, 30, 60));
        assertEquals(List.of("100:x", "60:f", "50:e", "30:c3", "30:c2", "30:c1", "20:b", "10:a", "5:early"),
                scanBackward(c, 0, 1000));
    }

    @Test
    void keepGoingStopsTheScanEarly() throws IOException {
        Chunk c = Chunk.decode(threeBlocks().encode());
        List<String> out = new ArrayList<>();
        c.scan(0, 1000, Direction.FORWARD, (ts, buf, off, len, md) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8)), ts -> ts < 200);
        assertEquals(List.of("a", "b", "c"), out);
    }

    @Test
    void corruptedChunksAreRejected() throws IOException {
        byte[] good = threeBlocks().encode();
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            final int at = i;
            assertThrows(IOException.class, () -> Chunk.decode(bad), "flipped byte " + at);
        }
        assertThrows(IOException.class, () -> Chunk.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IOException.class, () -> Chunk.decode(new byte[3]));
        assertThrows(IOException.class, () -> Chunk.decode("SGYI........................".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void headerNamesMagicVersionAndCodec() {
        byte[] data = threeBlocks().encode();
        assertEquals("SGYC", new String(data, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, data[4]);
        assertEquals(BlockCodec.ZSTD.id, data[5]);
    }

    /** A chunk as Sigyn wrote it before zstd: codec byte 1, raw snappy blocks. */
    private static byte[] snappyChunk() {
        List<Block> snappy = new ArrayList<>();
        for (Block b : threeBlocks().blocks()) snappy.add(b.recompressed(BlockCodec.SNAPPY));
        byte[] data = new Chunk(snappy).encode(); // written as zstd again; rebuild the old layout by hand below
        Chunk decoded;
        try {
            decoded = Chunk.decode(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        dev.sigyn.store.bytes.ByteSink out = new dev.sigyn.store.bytes.ByteSink(256);
        out.writeBytes("SGYC".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(1);
        out.writeByte(BlockCodec.SNAPPY.id);
        int[] offsets = new int[snappy.size()];
        for (int i = 0; i < snappy.size(); i++) {
            offsets[i] = out.size();
            out.writeBytes(snappy.get(i).compressed());
        }
        int table = out.size();
        out.writeInt(snappy.size());
        for (int i = 0; i < snappy.size(); i++) {
            Block b = decoded.blocks().get(i);
            out.writeInt(offsets[i]);
            out.writeInt(snappy.get(i).compressed().length);
            out.writeLong(b.minTimestamp());
            out.writeLong(b.maxTimestamp());
            out.writeInt(b.entryCount());
            out.writeInt(b.uncompressedSize());
        }
        out.writeInt(table);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), 0, out.size());
        out.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    @Test
    void snappyChunksWrittenBeforeZstdStillRead() throws IOException {
        Chunk old = Chunk.decode(snappyChunk());
        assertEquals(BlockCodec.SNAPPY, old.blocks().getFirst().codec());
        assertEquals(List.of("100:a", "110:b", "120:c", "200:d", "210:", "300:f", "310:ñ"), scan(old, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void blocksOfAnotherCodecAreRecompressedWhenEncoded() throws IOException {
        Chunk old = Chunk.decode(snappyChunk());
        byte[] again = old.encode();
        assertEquals(BlockCodec.ZSTD.id, again[5]);
        Chunk d = Chunk.decode(again);
        assertEquals(BlockCodec.ZSTD, d.blocks().get(1).codec());
        assertEquals(List.of("100:a", "110:b", "120:c", "200:d", "210:", "300:f", "310:ñ"), scan(d, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void anUnknownCodecIsRefused() {
        byte[] data = threeBlocks().encode();
        data[5] = 9;
        IOException e = assertThrows(IOException.class, () -> Chunk.decode(data));
        assertTrue(e.getMessage().contains("codec") || e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aChunkWithoutBlocksRoundTrips() throws IOException {
        assertEquals(List.of(), scan(Chunk.decode(new Chunk(List.of()).encode()), 0, Long.MAX_VALUE));
    }
}

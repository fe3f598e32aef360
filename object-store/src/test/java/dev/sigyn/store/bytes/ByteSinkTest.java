package dev.sigyn.store.bytes;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteSinkTest {

    @Test
    void uvarintsRoundTripAcrossByteBoundariesAndGrowth() {
        long[] values = {0, 1, 127, 128, 300, 16383, 16384, Integer.MAX_VALUE, Long.MAX_VALUE, -1L};
        ByteSink sink = new ByteSink(1); // tiny, so single-byte and multi-byte writes both have to grow it
        for (int round = 0; round < 50; round++) for (long v : values) sink.writeUvarint(v);
        ByteSource in = source(sink);
        for (int round = 0; round < 50; round++) for (long v : values) assertEquals(v, in.readUvarint());
        assertEquals(0, in.remaining());
    }

    @Test
    void varintColumnsReadLikeSingleVarintsUpToTheLastByte() {
        // Long and short values, ending right at the limit, so both the fast and the bounds-checked path are used.
        long[] values = {0, 1, 127, 128, 300, 16384, Integer.MAX_VALUE, Long.MAX_VALUE, -1L, 5, 2_000_000, 1};
        ByteSink sink = new ByteSink(16);
        for (int round = 0; round < 10; round++) for (long v : values) sink.writeUvarint(v);
        long[] column = new long[10 * values.length];
        ByteSource in = source(sink);
        in.readUvarints(column, column.length);
        assertEquals(0, in.remaining());
        for (int i = 0; i < column.length; i++) assertEquals(values[i % values.length], column[i], "value " + i);

        ByteSink lengths = new ByteSink(16);
        for (int i = 0; i < 600; i++) lengths.writeUvarint(i * 7);
        int[] counts = new int[600];
        source(lengths).readCounts(counts, 600);
        for (int i = 0; i < 600; i++) assertEquals(i * 7, counts[i]);
    }

    @Test
    void varintColumnsRejectTruncatedAndOverlongValues() {
        ByteSink truncated = new ByteSink(16);
        for (int i = 0; i < 20; i++) truncated.writeUvarint(1);
        truncated.writeByte(0x80); // a continuation byte with nothing after it
        assertThrows(MalformedDataException.class, () -> source(truncated).readUvarints(new long[21], 21));

        ByteSink overlong = new ByteSink(32);
        for (int i = 0; i < 11; i++) overlong.writeByte(0xFF);
        for (int i = 0; i < 16; i++) overlong.writeByte(0);
        assertThrows(MalformedDataException.class, () -> source(overlong).readUvarints(new long[1], 1));

        ByteSink tooBig = new ByteSink(16);
        tooBig.writeUvarint(1L << 40);
        for (int i = 0; i < 16; i++) tooBig.writeByte(0);
        assertThrows(MalformedDataException.class, () -> source(tooBig).readCounts(new int[1], 1));
    }

    @Test
    void aSinkSizedExactlyForItsVarintsIsFilledWithoutGrowing() {
        long[] values = {0, 127, 128, 16383, 16384, 1L << 35, Long.MAX_VALUE, -1L};
        int[] sizes = {1, 1, 2, 2, 3, 6, 9, 10};
        int total = 0;
        for (int i = 0; i < values.length; i++) {
            assertEquals(sizes[i], ByteSink.uvarintSize(values[i]), "size of " + values[i]);
            total += sizes[i];
        }
        ByteSink sink = new ByteSink(total);
        for (long v : values) sink.writeUvarint(v);
        assertEquals(total, sink.size());
        assertEquals(total, sink.capacity(), "a sink sized exactly (as chunk encoding does) must not be copied");
    }

    @Test
    void uvarintUsesLeb128Layout() {
        ByteSink sink = new ByteSink(16);
        sink.writeUvarint(5);
        sink.writeUvarint(300);
        assertArrayEquals(new byte[] {5, (byte) 0xAC, 0x02}, sink.toByteArray());
    }

    @Test
    void stringsAreLengthPrefixedUtf8WhetherAsciiOrNot() {
        String longAscii = "x".repeat(200);
        String[] strings = {"", "job", "ñandú", "日本", longAscii, "a\u0080b"};
        ByteSink sink = new ByteSink(1);
        for (String s : strings) sink.writeString(s);
        ByteSource in = source(sink);
        for (String s : strings) assertEquals(s, in.readString());
        assertEquals(0, in.remaining());
    }

    private static ByteSource source(ByteSink sink) {
        byte[] b = sink.toByteArray();
        return new ByteSource(b, 0, b.length);
    }

    @Test
    void clearKeepsCapacityAndStartsOver() {
        ByteSink sink = new ByteSink(16);
        sink.writeString("some text that is longer than sixteen bytes");
        int capacity = sink.capacity();
        sink.clear();
        sink.writeUvarint(7);
        assertEquals(capacity, sink.capacity());
        assertArrayEquals(new byte[] {7}, sink.toByteArray());
    }
}

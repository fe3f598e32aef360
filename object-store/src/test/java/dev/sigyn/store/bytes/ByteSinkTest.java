package dev.sigyn.store.bytes;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

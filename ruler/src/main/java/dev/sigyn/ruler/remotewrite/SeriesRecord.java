package dev.sigyn.ruler.remotewrite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One recorded sample as a record of the disk queue: {@code [payload length u32][crc32c of payload u32][payload]},
 * the payload being {@code timestamp i64, value f64, label count u32, (name, value)*} with each string as
 * {@code [length u32][utf-8]}. The checksum finds a record torn by a crash at the end of a segment.
 */
final class SeriesRecord {
    static final int HEADER_BYTES = 8;
    /** Larger than any real sample; a length beyond it is garbage, not a record. */
    static final int MAX_PAYLOAD = 1 << 20;

    private SeriesRecord() {
    }

    static byte[] encode(RecordedSeries s) {
        byte[][] strings = new byte[s.labels().size() * 2][];
        int size = 8 + 8 + 4;
        int i = 0;
        for (var l : s.labels().entrySet()) {
            strings[i] = l.getKey().getBytes(StandardCharsets.UTF_8);
            strings[i + 1] = l.getValue().getBytes(StandardCharsets.UTF_8);
            size += 8 + strings[i].length + strings[i + 1].length;
            i += 2;
        }
        if (size > MAX_PAYLOAD) throw new IllegalArgumentException("recorded series labels too large: " + size + " bytes");
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + size);
        b.putInt(size).putInt(0);
        b.putLong(s.timestampMs()).putDouble(s.value()).putInt(s.labels().size());
        for (byte[] str : strings) b.putInt(str.length).put(str);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), HEADER_BYTES, size);
        b.putInt(4, (int) crc.getValue());
        return b.array();
    }

    /** The payload length a header announces, or -1 when it cannot be a record's. */
    static int payloadLength(ByteBuffer header) {
        int len = header.getInt(0);
        return len < 20 || len > MAX_PAYLOAD ? -1 : len;
    }

    static boolean checksumMatches(ByteBuffer header, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return header.getInt(4) == (int) crc.getValue();
    }

    static RecordedSeries decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        long ts = b.getLong();
        double value = b.getDouble();
        int n = b.getInt();
        Map<String, String> labels = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) labels.put(string(b), string(b));
        return new RecordedSeries(labels, ts, value);
    }

    private static String string(ByteBuffer b) {
        int len = b.getInt();
        String s = new String(b.array(), b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }
}

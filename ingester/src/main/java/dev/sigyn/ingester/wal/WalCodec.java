package dev.sigyn.ingester.wal;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.bytes.ByteSink;
import dev.sigyn.store.bytes.ByteSource;
import dev.sigyn.store.bytes.MalformedDataException;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.BlockCodec;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Byte layout of WAL segments and checkpoint files (see docs/wal.md). A frame is
 * {@code length:u32 | crc32c(payload):u32 | payload}; a payload starts with its type byte.
 */
final class WalCodec {
    static final int FRAME_HEADER = 8;
    /** Larger lengths can only come from damage: a push body is at most ~100 MiB. */
    static final int MAX_PAYLOAD = 512 << 20;

    static final byte TYPE_ENTRIES = 1;
    static final byte TYPE_STREAM = 2;
    static final byte TYPE_CHECKPOINT_END = 3;
    /** A stream snapshot whose blocks each carry their codec byte; {@link #TYPE_STREAM} ones are all snappy. */
    static final byte TYPE_STREAM_WITH_CODECS = 4;
    /**
     * A whole push ({@link PushRecord}); its seq is the last 8 bytes of the payload, so that the WAL can add it when it
     * appends the frame while the pushing thread encodes (and checksums) everything before it beforehand.
     */
    static final byte TYPE_PUSH = 5;
    static final int SEQ_BYTES = 8;

    static final byte[] SEGMENT_MAGIC = {'S', 'G', 'Y', 'N', 'W', 'A', 'L', '1'};
    static final byte[] CHECKPOINT_MAGIC = {'S', 'G', 'Y', 'N', 'C', 'K', 'P', '1'};
    /** Encrypted files ({@link WalFileKey}) start with these instead. */
    static final byte[] SEALED_SEGMENT_MAGIC = {'S', 'G', 'Y', 'N', 'W', 'A', 'E', '1'};
    static final byte[] SEALED_CHECKPOINT_MAGIC = {'S', 'G', 'Y', 'N', 'C', 'K', 'E', '1'};

    private WalCodec() {}

    /** Frames a payload that {@code sink} holds from byte {@link #FRAME_HEADER} on (callers reserve the header). */
    static byte[] frame(ByteSink sink) {
        sealFrame(sink);
        return sink.toByteArray();
    }

    /** Fills in the reserved header (payload length and CRC) of the frame {@code sink} holds. */
    private static void sealFrame(ByteSink sink) {
        int payloadLen = sink.size() - FRAME_HEADER;
        CRC32C crc = new CRC32C();
        crc.update(sink.array(), FRAME_HEADER, payloadLen);
        sink.setInt(0, payloadLen);
        sink.setInt(4, (int) crc.getValue());
    }

    static int crc(byte[] payload) {
        return crc(payload, 0, payload.length);
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    /** Writes a frame header (payload length and CRC) at {@code out[at]}. */
    static void putFrameHeader(byte[] out, int at, int payloadLen, int crc) {
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (payloadLen >>> (24 - 8 * i));
            out[at + 4 + i] = (byte) (crc >>> (24 - 8 * i));
        }
    }

    private static ByteSink newFrame(int sizeHint, byte type) {
        ByteSink sink = new ByteSink(sizeHint + FRAME_HEADER + 64);
        sink.writeLong(0); // header placeholder
        sink.writeByte(type);
        return sink;
    }

    // ---- entries records -------------------------------------------------------------------------------------

    /**
     * Writes the whole frame of a single-stream entries record into {@code s}, replacing what it held: the frames of
     * WALs written before push records. Sigyn no longer writes them; replay still reads them, which tests check.
     */
    static void encodeEntries(EntriesRecord r, ByteSink s) {
        s.clear();
        s.writeLong(0); // header placeholder
        s.writeByte(TYPE_ENTRIES);
        s.writeUvarint(r.seq());
        s.writeString(r.tenant());
        writeLabels(s, r.labels());
        writeEntries(s, r.entries());
        sealFrame(s);
    }

    /**
     * Encodes a push frame into {@code s} (replacing what it held) with room for its seq at the end, and leaves in
     * {@code crc} the checksum of the payload before the seq; {@link #sealPush} finishes the frame.
     */
    static void encodePushWithoutSeq(String tenant, List<StreamEntries> parts, ByteSink s, CRC32C crc) {
        s.clear();
        s.writeLong(0); // header placeholder
        s.writeByte(TYPE_PUSH);
        s.writeString(tenant);
        s.writeUvarint(parts.size());
        for (StreamEntries p : parts) {
            writeLabels(s, p.labels());
            writeEntries(s, p.entries());
        }
        crc.reset();
        crc.update(s.array(), FRAME_HEADER, s.size() - FRAME_HEADER);
        s.writeLong(0); // seq placeholder
    }

    /** Puts {@code seq} into the push frame {@code frame[off, off+length)} and fills in its header. */
    static void sealPush(byte[] frame, int off, int length, long seq, CRC32C crcBeforeSeq) {
        putSeq(frame, off, length, seq);
        crcBeforeSeq.update(frame, off + length - SEQ_BYTES, SEQ_BYTES);
        putFrameHeader(frame, off, length - FRAME_HEADER, (int) crcBeforeSeq.getValue());
    }

    /** Puts {@code seq} into the push frame {@code frame[off, off+length)}, leaving its header as it is. */
    static void putSeq(byte[] frame, int off, int length, long seq) {
        int seqAt = off + length - SEQ_BYTES;
        for (int i = 0; i < SEQ_BYTES; i++) frame[seqAt + i] = (byte) (seq >>> (56 - 8 * i));
    }

    /** A push payload after its type byte. */
    static PushRecord decodePush(ByteSource in) {
        if (in.remaining() < SEQ_BYTES) throw new MalformedDataException("push record too short");
        int seqAt = in.limit() - SEQ_BYTES;
        ByteSource body = new ByteSource(in.array(), in.position(), seqAt);
        String tenant = body.readString();
        int n = body.readCount();
        List<StreamEntries> parts = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            Labels labels = readLabels(body);
            parts.add(new StreamEntries(labels, readEntries(body)));
        }
        if (body.remaining() != 0) throw new MalformedDataException("push record has " + body.remaining() + " extra bytes");
        ByteSource seq = new ByteSource(in.array(), seqAt, in.limit());
        return new PushRecord(seq.readLong(), tenant, parts);
    }

    /** A single-stream entries payload after its type byte, as WALs written before push records hold them. */
    static EntriesRecord decodeEntries(ByteSource in) {
        long seq = in.readUvarint();
        String tenant = in.readString();
        Labels labels = readLabels(in);
        return new EntriesRecord(seq, tenant, labels, readEntries(in));
    }

    // ---- checkpoint records ----------------------------------------------------------------------------------

    static byte[] encodeStream(StreamSnapshot snap) {
        int hint = 0;
        for (ChunkSnapshot c : snap.chunks()) {
            for (Block b : c.blocks()) hint += b.compressedLength() + 24;
            for (ChunkEntry e : c.head()) hint += e.line().length + 12;
        }
        ByteSink s = newFrame(hint, TYPE_STREAM_WITH_CODECS);
        s.writeString(snap.tenant());
        writeLabels(s, snap.labels());
        s.writeUvarint(snap.lastSeq());
        if (snap.lastEntry() == null) {
            s.writeByte(0);
        } else {
            s.writeByte(1);
            s.writeVarint(snap.highestTs());
            writeEntries(s, List.of(snap.lastEntry()));
        }
        s.writeUvarint(snap.chunks().size());
        for (ChunkSnapshot c : snap.chunks()) {
            s.writeString(c.closedReason() == null ? "" : c.closedReason());
            s.writeUvarint(c.blocks().size());
            for (Block b : c.blocks()) {
                s.writeVarint(b.minTimestamp());
                s.writeVarint(b.maxTimestamp());
                s.writeUvarint(b.entryCount());
                s.writeUvarint(b.uncompressedSize());
                s.writeByte(b.codec().id);
                s.writeUvarint(b.compressedLength());
                b.writeCompressedTo(s);
            }
            writeEntries(s, c.head());
        }
        return frame(s);
    }

    /** {@code withCodecs}: the record is {@link #TYPE_STREAM_WITH_CODECS}. */
    static StreamSnapshot decodeStream(ByteSource in, boolean withCodecs) {
        String tenant = in.readString();
        Labels labels = readLabels(in);
        long lastSeq = in.readUvarint();
        ChunkEntry last = null;
        long highest = 0;
        if (in.readByte() == 1) {
            highest = in.readVarint();
            List<ChunkEntry> one = readEntries(in);
            if (one.size() != 1) throw new MalformedDataException("last entry missing");
            last = one.getFirst();
        }
        int chunkCount = in.readCount();
        List<ChunkSnapshot> chunks = new ArrayList<>(Math.min(chunkCount, 1024));
        for (int i = 0; i < chunkCount; i++) {
            String reason = in.readString();
            int blockCount = in.readCount();
            List<Block> blocks = new ArrayList<>(Math.min(blockCount, 1024));
            for (int b = 0; b < blockCount; b++) {
                long min = in.readVarint();
                long max = in.readVarint();
                int entries = in.readCount();
                int uncompressed = in.readCount();
                BlockCodec codec = BlockCodec.SNAPPY;
                if (withCodecs) {
                    int id = in.readByte() & 0xFF;
                    codec = BlockCodec.ofId(id);
                    if (codec == null) throw new MalformedDataException("unknown block codec " + id);
                }
                blocks.add(new Block(min, max, entries, uncompressed, readBytes(in), codec));
            }
            chunks.add(new ChunkSnapshot(blocks, readEntries(in), reason.isEmpty() ? null : reason));
        }
        return new StreamSnapshot(tenant, labels, lastSeq, last, highest, chunks);
    }

    static byte[] encodeCheckpointEnd(long streams) {
        ByteSink s = newFrame(10, TYPE_CHECKPOINT_END);
        s.writeUvarint(streams);
        return frame(s);
    }

    // ---- shared pieces ---------------------------------------------------------------------------------------

    private static void writeLabels(ByteSink s, Labels labels) {
        s.writeUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            s.writeString(labels.get(i).name());
            s.writeString(labels.get(i).value());
        }
    }

    private static Labels readLabels(ByteSource in) {
        int n = in.readCount();
        if (n == 0) return Labels.EMPTY;
        List<Label> list = new ArrayList<>(Math.min(n, 256));
        for (int i = 0; i < n; i++) list.add(new Label(in.readString(), in.readString()));
        return Labels.of(list);
    }

    /** Timestamps as zig-zag deltas from the previous entry, which keeps in-order runs short. */
    private static void writeEntries(ByteSink s, List<ChunkEntry> entries) {
        s.writeUvarint(entries.size());
        long prev = 0;
        for (ChunkEntry e : entries) {
            s.writeVarint(e.timestampNanos() - prev);
            prev = e.timestampNanos();
            s.writeUvarint(e.line().length);
            s.writeBytes(e.line());
            writeLabels(s, e.structuredMetadata() == null ? Labels.EMPTY : e.structuredMetadata());
        }
    }

    private static List<ChunkEntry> readEntries(ByteSource in) {
        int n = in.readCount();
        List<ChunkEntry> entries = new ArrayList<>(Math.min(n, in.remaining()));
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long ts = prev + in.readVarint();
            prev = ts;
            byte[] line = readBytes(in);
            entries.add(new ChunkEntry(ts, line, readLabels(in)));
        }
        return entries;
    }

    private static byte[] readBytes(ByteSource in) {
        int len = in.readCount();
        if (len > in.remaining()) throw new MalformedDataException("unexpected end of data");
        byte[] b = new byte[len];
        System.arraycopy(in.array(), in.position(), b, 0, len);
        in.skip(len);
        return b;
    }
}

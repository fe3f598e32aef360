package dev.sigyn.distributor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.sigyn.ingester.EncodedEntries;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Decodes Loki's {@code logproto.PushRequest} framed in raw snappy blocks, field by field with {@link CodedInputStream}
 * (no generated classes); fields this version does not know are skipped.
 * <pre>
 * PushRequest      { repeated StreamAdapter streams = 1; }
 * StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
 * EntryAdapter     { google.protobuf.Timestamp timestamp = 1; string line = 2;
 *                    repeated LabelPairAdapter structuredMetadata = 3; }
 * Timestamp        { int64 seconds = 1; int32 nanos = 2; }
 * LabelPairAdapter { string name = 1; string value = 2; }
 * </pre>
 */
final class ProtobufPushDecoder {
    private static final int PUSH_STREAMS = lengthDelimited(1);
    private static final int STREAM_LABELS = lengthDelimited(1);
    private static final int STREAM_ENTRIES = lengthDelimited(2);
    private static final int ENTRY_TIMESTAMP = lengthDelimited(1);
    private static final int ENTRY_LINE = lengthDelimited(2);
    private static final int ENTRY_METADATA = lengthDelimited(3);
    private static final int TIMESTAMP_SECONDS = tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int TIMESTAMP_NANOS = tag(2, WireFormat.WIRETYPE_VARINT);
    private static final int PAIR_NAME = lengthDelimited(1);
    private static final int PAIR_VALUE = lengthDelimited(2);
    private static final byte[] EMPTY = new byte[0];

    /**
     * Snappy emits at most 64 bytes for a 3-byte copy element, so a header claiming more than this many bytes per
     * compressed byte is corrupt; checking it first keeps a tiny forged body from allocating gigabytes.
     */
    private static final int MAX_SNAPPY_EXPANSION = 22;

    private ProtobufPushDecoder() {}

    /** Decodes with the size limit only; for tests and callers outside the HTTP push path. */
    static List<ReceivedStream> decode(byte[] compressed, int length, long maxDecoded) throws PushRejection {
        try {
            return decode(compressed, length, DecodeBudget.sizeOnly(maxDecoded));
        } catch (DecodeBudget.Exceeded e) {
            throw e.rejection();
        }
    }

    /**
     * Uncompresses and parses {@code compressed[0, length)}. The uncompressed size the snappy header declares is
     * checked against the budget before its buffer is allocated, and each decoded stream, entry and metadata pair
     * is counted as it is built.
     */
    static List<ReceivedStream> decode(byte[] compressed, int length, DecodeBudget budget)
            throws PushRejection, DecodeBudget.Exceeded {
        int size = uncompressedSize(compressed, length);
        if (size > (long) length * MAX_SNAPPY_EXPANSION) throw PushRejection.badRequest("snappy: corrupt input");
        budget.unsnappied(size);
        // The message is only read while parsing (lines and labels are copied out), so its buffer is pooled: a new
        // one per push is a zeroed megabyte-sized array each time.
        byte[] raw = borrowBuffer(size);
        try {
            Snappy.uncompress(compressed, 0, length, raw, 0);
        } catch (IOException e) {
            returnBuffer(raw);
            throw PushRejection.badRequest("snappy: corrupt input");
        }
        try {
            return parse(raw, size, budget);
        } finally {
            returnBuffer(raw);
        }
    }

    private static final int POOLED_BUFFERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final int MAX_POOLED_BUFFER = 8 << 20;
    private static final ArrayBlockingQueue<byte[]> BUFFERS = new ArrayBlockingQueue<>(POOLED_BUFFERS);

    private static byte[] borrowBuffer(int size) {
        byte[] b = BUFFERS.poll();
        if (b != null && b.length >= size) return b;
        // Too small (or none): the pool slot is refilled with the bigger buffer when it comes back.
        return new byte[Math.max(size, b == null ? 0 : Math.min(MAX_POOLED_BUFFER, b.length * 2))];
    }

    private static void returnBuffer(byte[] b) {
        if (b.length <= MAX_POOLED_BUFFER) BUFFERS.offer(b);
    }

    private static int uncompressedSize(byte[] compressed, int length) throws PushRejection {
        int size;
        try {
            size = length == 0 ? -1 : Snappy.uncompressedLength(compressed, 0, length);
        } catch (IOException e) {
            size = -1;
        }
        if (size < 0) throw PushRejection.badRequest("snappy: corrupt input");
        return size;
    }

    /** Parses {@code message[0, length)}; nothing of the array is kept. */
    static List<ReceivedStream> parse(byte[] message, int length, DecodeBudget budget)
            throws PushRejection, DecodeBudget.Exceeded {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message, 0, length);
            in.setSizeLimit(Integer.MAX_VALUE);
            List<ReceivedStream> streams = new ArrayList<>();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == PUSH_STREAMS) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    streams.add(readStream(in, budget));
                    in.popLimit(limit);
                } else {
                    skip(in, tag);
                }
            }
            return streams;
        } catch (DecodeBudget.Exceeded e) {
            throw e;
        } catch (IOException e) {
            throw PushRejection.badRequest("error decoding protobuf push request: " + e.getMessage());
        }
    }

    private static ReceivedStream readStream(CodedInputStream in, DecodeBudget budget) throws IOException {
        String labels = "";
        EncodedEntries.Builder entries = new EncodedEntries.Builder(16);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == STREAM_LABELS) {
                labels = in.readString();
            } else if (tag == STREAM_ENTRIES) {
                int limit = in.pushLimit(in.readRawVarint32());
                entries.addEncoded(readEntry(in, budget));
                in.popLimit(limit);
            } else {
                skip(in, tag); // including hash = 3: Sigyn hashes the parsed labels itself
            }
        }
        budget.decoded(labels.length());
        return new ReceivedStream(labels, entries.build());
    }

    /** The line stays UTF-8 bytes: the ingester stores bytes, so no String is made for it. */
    private static ChunkEntry readEntry(CodedInputStream in, DecodeBudget budget) throws IOException {
        long timestamp = 0;
        byte[] line = EMPTY;
        List<Label> metadata = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == ENTRY_TIMESTAMP) {
                int limit = in.pushLimit(in.readRawVarint32());
                timestamp = readTimestamp(in);
                in.popLimit(limit);
            } else if (tag == ENTRY_LINE) {
                line = Utf8Lines.normalized(in.readByteArray());
            } else if (tag == ENTRY_METADATA) {
                int limit = in.pushLimit(in.readRawVarint32());
                if (metadata == null) metadata = new ArrayList<>(4);
                Label pair = readPair(in);
                budget.decoded(pair.name().length() + pair.value().length());
                metadata.add(pair);
                in.popLimit(limit);
            } else {
                skip(in, tag); // including parsed = 4, which only query responses carry
            }
        }
        budget.decoded(line.length);
        return new ChunkEntry(timestamp, line, metadata == null ? Labels.EMPTY : Labels.of(metadata));
    }

    private static long readTimestamp(CodedInputStream in) throws IOException {
        long seconds = 0;
        int nanos = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == TIMESTAMP_SECONDS) seconds = in.readInt64();
            else if (tag == TIMESTAMP_NANOS) nanos = in.readInt32();
            else skip(in, tag);
        }
        return UnixNanos.of(seconds, nanos);
    }

    private static Label readPair(CodedInputStream in) throws IOException {
        String name = "";
        String value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == PAIR_NAME) name = in.readString();
            else if (tag == PAIR_VALUE) value = in.readString();
            else skip(in, tag);
        }
        return new Label(name, value);
    }

    private static void skip(CodedInputStream in, int tag) throws IOException {
        if (!in.skipField(tag)) throw new InvalidProtocolBufferException("unexpected end-group tag");
    }

    private static int lengthDelimited(int field) {
        return tag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }
}

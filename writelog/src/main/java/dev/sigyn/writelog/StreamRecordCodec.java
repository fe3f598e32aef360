package dev.sigyn.writelog;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a {@link StreamRecord} in Kafka: a protobuf message that starts with its format version, so that
 * ingesters of the next version can still read what older distributors wrote (and refuse what they cannot read):
 * <pre>
 * message StreamRecord {
 *   uint32 version = 1;             // 1
 *   string tenant = 2;
 *   repeated Label labels = 3;      // sorted by name
 *   repeated Entry entries = 4;
 * }
 * message Entry { int64 timestamp_nanos = 1; bytes line = 2; repeated Label structured_metadata = 3; }
 * message Label { string name = 1; string value = 2; }
 * </pre>
 */
public final class StreamRecordCodec {
    public static final int VERSION = 1;

    private StreamRecordCodec() {}

    /** The encoded size of an entry inside a record, for splitting a stream's entries by record size. */
    public static int entrySize(ChunkEntry e) {
        int size = entryBody(e);
        return CodedOutputStream.computeTagSize(4) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    /** The encoded size of a record's fields other than its entries. */
    public static int headerSize(String tenant, Labels labels) {
        int size = CodedOutputStream.computeUInt32Size(1, VERSION) + CodedOutputStream.computeStringSize(2, tenant);
        for (Label l : labels.asList()) size += labelField(3, l);
        return size;
    }

    public static byte[] encode(StreamRecord record) {
        int size = headerSize(record.tenant(), record.labels());
        for (ChunkEntry e : record.entries()) size += entrySize(e);
        byte[] out = new byte[size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeUInt32(1, VERSION);
            o.writeString(2, record.tenant());
            for (Label l : record.labels().asList()) writeLabel(o, 3, l);
            for (ChunkEntry e : record.entries()) {
                o.writeTag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                o.writeUInt32NoTag(entryBody(e));
                o.writeInt64(1, e.timestampNanos());
                o.writeByteArray(2, e.line());
                if (e.structuredMetadata() != null) {
                    for (Label l : e.structuredMetadata().asList()) writeLabel(o, 3, l);
                }
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("a record did not fit the size computed for it", e);
        }
        return out;
    }

    /** @throws IOException naming the problem when the bytes are not a record of a version this code reads */
    public static StreamRecord decode(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int version = 0;
        String tenant = null;
        List<Label> labels = new ArrayList<>();
        List<ChunkEntry> entries = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> version = in.readUInt32();
                case 2 -> tenant = in.readString();
                case 3 -> labels.add(readLabel(in));
                case 4 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    entries.add(readEntry(in));
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        if (version != VERSION) {
            throw new IOException("write-log record of version " + version + "; this Sigyn reads version " + VERSION);
        }
        if (tenant == null) throw new IOException("write-log record without a tenant");
        return new StreamRecord(tenant, Labels.of(labels), entries);
    }

    private static ChunkEntry readEntry(CodedInputStream in) throws IOException {
        long ts = 0;
        byte[] line = new byte[0];
        List<Label> metadata = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ts = in.readInt64();
                case 2 -> line = in.readByteArray();
                case 3 -> {
                    if (metadata == null) metadata = new ArrayList<>(4);
                    metadata.add(readLabel(in));
                }
                default -> in.skipField(tag);
            }
        }
        return new ChunkEntry(ts, line, metadata == null ? Labels.EMPTY : Labels.of(metadata));
    }

    private static Label readLabel(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String name = "", value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 2 -> value = in.readString();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new Label(name, value);
    }

    private static int entryBody(ChunkEntry e) {
        int size = CodedOutputStream.computeInt64Size(1, e.timestampNanos())
                + CodedOutputStream.computeByteArraySize(2, e.line());
        if (e.structuredMetadata() != null) for (Label l : e.structuredMetadata().asList()) size += labelField(3, l);
        return size;
    }

    private static int labelBody(Label l) {
        return CodedOutputStream.computeStringSize(1, l.name()) + CodedOutputStream.computeStringSize(2, l.value());
    }

    private static int labelField(int field, Label l) {
        int body = labelBody(l);
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
    }

    private static void writeLabel(CodedOutputStream o, int field, Label l) throws IOException {
        o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(labelBody(l));
        o.writeString(1, l.name());
        o.writeString(2, l.value());
    }
}

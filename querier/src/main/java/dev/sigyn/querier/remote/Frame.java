package dev.sigyn.querier.remote;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.store.chunk.ChunkEntry;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One unit of an ingester's answer. An answer is a sequence of frames, each a varint length and then this message,
 * so that the querier can use the first streams while the ingester still reads the next ones; its last frame is a
 * {@link Trailer}, and an answer without one was cut short:
 * <pre>
 * message Frame {
 *   uint32 version = 1;              // 1
 *   uint32 kind = 2;                 // see Kind
 *   uint32 stream_id = 3;            // STREAM_START, ENTRIES, STREAM_END: which open stream
 *   repeated Label labels = 4;       // STREAM_START, SERIES, STATS, TAIL_DROPPED: the stream's; TAIL_LINE: its stream labels
 *   repeated Entry entries = 5;      // ENTRIES; TAIL_LINE: one, the line after the pipeline
 *   repeated ChunkStats chunks = 6;  // STATS
 *   repeated Label parsed = 7;       // TAIL_LINE: labels the pipeline added
 *   string error = 8;                // TRAILER: why the call failed; empty when it succeeded
 *   int64 timestamp_nanos = 9;       // TAIL_DROPPED
 * }
 * message Entry { int64 timestamp_nanos = 1; bytes line = 2; repeated Label structured_metadata = 3; }
 * message ChunkStats { int64 from_nanos = 1; int64 through_nanos = 2; int64 entries = 3; int64 line_bytes = 4; }
 * </pre>
 * One flat message with a kind, rather than a oneof of nested messages, keeps every entry one level deep.
 */
sealed interface Frame {

    /** The streams of a scan may be read in parallel, so their entries carry the id given here. */
    record StreamStart(int id, Labels labels) implements Frame {}

    /** A batch of the open stream's entries, in the query's direction. */
    record Entries(int streamId, List<ChunkEntry> entries) implements Frame {}

    /** The stream is complete: the querier may hand it on. */
    record StreamEnd(int streamId) implements Frame {}

    record Series(Labels labels) implements Frame {}

    record Stats(StreamStats stats) implements Frame {}

    record TailLine(LogLine line) implements Frame {}

    record TailDropped(Labels stream, long timestampNanos) implements Frame {}

    /** Sent while an ingester reads without finding anything, so that a silent peer can be told from a dead one. */
    record Heartbeat() implements Frame {}

    /** The last frame: the call succeeded when {@code error} is null. */
    record Trailer(String error) implements Frame {
        boolean ok() {
            return error == null;
        }
    }

    int STREAM_START = 1, ENTRIES = 2, STREAM_END = 3, SERIES = 4, STATS = 5, TAIL_LINE = 6, TAIL_DROPPED = 7,
            HEARTBEAT = 8, TRAILER = 9;

    /** Appends the frame, its length first, to {@code out}. */
    static void write(Frame frame, Buffer out) {
        int size = CodedOutputStream.computeUInt32Size(1, Proto.VERSION) + bodySize(frame);
        byte[] bytes = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        try {
            o.writeUInt32NoTag(size);
            o.writeUInt32(1, Proto.VERSION);
            writeBody(frame, o);
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("a frame did not fit the size computed for it", e);
        }
        out.appendBytes(bytes);
    }

    private static int bodySize(Frame frame) {
        return switch (frame) {
            case StreamStart s -> kindSize(STREAM_START) + CodedOutputStream.computeUInt32Size(3, s.id())
                    + Proto.labelsSize(4, s.labels());
            case Entries e -> {
                int size = kindSize(ENTRIES) + CodedOutputStream.computeUInt32Size(3, e.streamId());
                for (ChunkEntry entry : e.entries()) size += Proto.nestedSize(5, entrySize(entry));
                yield size;
            }
            case StreamEnd s -> kindSize(STREAM_END) + CodedOutputStream.computeUInt32Size(3, s.streamId());
            case Series s -> kindSize(SERIES) + Proto.labelsSize(4, s.labels());
            case Stats s -> {
                int size = kindSize(STATS) + Proto.labelsSize(4, s.stats().labels());
                for (ChunkStats c : s.stats().chunks()) size += Proto.nestedSize(6, chunkSize(c));
                yield size;
            }
            case TailLine t -> kindSize(TAIL_LINE) + Proto.labelsSize(4, t.line().stream())
                    + Proto.nestedSize(5, entrySize(tailEntry(t.line()))) + Proto.labelsSize(7, t.line().parsed());
            case TailDropped d -> kindSize(TAIL_DROPPED) + Proto.labelsSize(4, d.stream())
                    + CodedOutputStream.computeInt64Size(9, d.timestampNanos());
            case Heartbeat h -> kindSize(HEARTBEAT);
            case Trailer t -> kindSize(TRAILER) + (t.ok() ? 0 : CodedOutputStream.computeStringSize(8, t.error()));
        };
    }

    private static void writeBody(Frame frame, CodedOutputStream o) throws IOException {
        switch (frame) {
            case StreamStart s -> {
                o.writeUInt32(2, STREAM_START);
                o.writeUInt32(3, s.id());
                Proto.writeLabels(o, 4, s.labels());
            }
            case Entries e -> {
                o.writeUInt32(2, ENTRIES);
                o.writeUInt32(3, e.streamId());
                for (ChunkEntry entry : e.entries()) writeEntry(o, 5, entry);
            }
            case StreamEnd s -> {
                o.writeUInt32(2, STREAM_END);
                o.writeUInt32(3, s.streamId());
            }
            case Series s -> {
                o.writeUInt32(2, SERIES);
                Proto.writeLabels(o, 4, s.labels());
            }
            case Stats s -> {
                o.writeUInt32(2, STATS);
                Proto.writeLabels(o, 4, s.stats().labels());
                for (ChunkStats c : s.stats().chunks()) {
                    o.writeTag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    o.writeUInt32NoTag(chunkSize(c));
                    o.writeInt64(1, c.fromNanos());
                    o.writeInt64(2, c.throughNanos());
                    o.writeInt64(3, c.entries());
                    o.writeInt64(4, c.lineBytes());
                }
            }
            case TailLine t -> {
                o.writeUInt32(2, TAIL_LINE);
                Proto.writeLabels(o, 4, t.line().stream());
                writeEntry(o, 5, tailEntry(t.line()));
                Proto.writeLabels(o, 7, t.line().parsed());
            }
            case TailDropped d -> {
                o.writeUInt32(2, TAIL_DROPPED);
                Proto.writeLabels(o, 4, d.stream());
                o.writeInt64(9, d.timestampNanos());
            }
            case Heartbeat h -> o.writeUInt32(2, HEARTBEAT);
            case Trailer t -> {
                o.writeUInt32(2, TRAILER);
                if (!t.ok()) o.writeString(8, t.error());
            }
        }
    }

    /**
     * Reads one frame's message (without its length prefix).
     *
     * @throws IOException when it is of another version or of a kind this code does not know
     */
    static Frame read(byte[] buf, int off, int len) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(buf, off, len);
        int version = 0, kind = 0, streamId = 0;
        long timestamp = 0;
        List<Label> labels = new ArrayList<>(), parsed = new ArrayList<>();
        List<ChunkEntry> entries = new ArrayList<>();
        List<ChunkStats> chunks = new ArrayList<>();
        String error = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> version = in.readUInt32();
                case 2 -> kind = in.readUInt32();
                case 3 -> streamId = in.readUInt32();
                case 4 -> Proto.readLabel(in, labels);
                case 5 -> entries.add(readEntry(in));
                case 6 -> chunks.add(readChunk(in));
                case 7 -> Proto.readLabel(in, parsed);
                case 8 -> error = in.readString();
                case 9 -> timestamp = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        Proto.checkVersion(version, "read-path frame");
        return switch (kind) {
            case STREAM_START -> new StreamStart(streamId, Proto.labels(labels));
            case ENTRIES -> new Entries(streamId, entries);
            case STREAM_END -> new StreamEnd(streamId);
            case SERIES -> new Series(Proto.labels(labels));
            case STATS -> new Stats(new StreamStats(Proto.labels(labels), chunks));
            case TAIL_LINE -> {
                if (entries.size() != 1) throw new IOException("a tail line frame holds " + entries.size() + " lines");
                ChunkEntry e = entries.getFirst();
                yield new TailLine(new LogLine(e.timestampNanos(), new String(e.line(), StandardCharsets.UTF_8),
                        Proto.labels(labels), e.structuredMetadata(), Proto.labels(parsed)));
            }
            case TAIL_DROPPED -> new TailDropped(Proto.labels(labels), timestamp);
            case HEARTBEAT -> new Heartbeat();
            case TRAILER -> new Trailer(error == null || error.isEmpty() ? null : error);
            default -> throw new IOException("read-path frame of unknown kind " + kind);
        };
    }

    private static int kindSize(int kind) {
        return CodedOutputStream.computeUInt32Size(2, kind);
    }

    private static ChunkEntry tailEntry(LogLine line) {
        return new ChunkEntry(line.timestampNanos(), line.line().getBytes(StandardCharsets.UTF_8),
                line.structuredMetadata());
    }

    private static int entrySize(ChunkEntry e) {
        int size = CodedOutputStream.computeInt64Size(1, e.timestampNanos())
                + CodedOutputStream.computeByteArraySize(2, e.line());
        if (e.structuredMetadata() != null) size += Proto.labelsSize(3, e.structuredMetadata());
        return size;
    }

    private static void writeEntry(CodedOutputStream o, int field, ChunkEntry e) throws IOException {
        o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(entrySize(e));
        o.writeInt64(1, e.timestampNanos());
        o.writeByteArray(2, e.line());
        if (e.structuredMetadata() != null) Proto.writeLabels(o, 3, e.structuredMetadata());
    }

    private static ChunkEntry readEntry(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        long ts = 0;
        byte[] line = new byte[0];
        List<Label> metadata = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ts = in.readInt64();
                case 2 -> line = in.readByteArray();
                case 3 -> {
                    if (metadata == null) metadata = new ArrayList<>(4);
                    Proto.readLabel(in, metadata);
                }
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new ChunkEntry(ts, line, Proto.labels(metadata));
    }

    private static int chunkSize(ChunkStats c) {
        return CodedOutputStream.computeInt64Size(1, c.fromNanos()) + CodedOutputStream.computeInt64Size(2, c.throughNanos())
                + CodedOutputStream.computeInt64Size(3, c.entries()) + CodedOutputStream.computeInt64Size(4, c.lineBytes());
    }

    private static ChunkStats readChunk(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        long from = 0, through = 0, entries = 0, bytes = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> from = in.readInt64();
                case 2 -> through = in.readInt64();
                case 3 -> entries = in.readInt64();
                case 4 -> bytes = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new ChunkStats(from, through, entries, bytes);
    }
}

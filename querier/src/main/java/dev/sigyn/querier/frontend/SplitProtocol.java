package dev.sigyn.querier.frontend;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.sigyn.config.StreamAccess;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.querier.SplitEvaluator.SplitAnswer;
import dev.sigyn.querier.remote.Proto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of {@code POST /internal/v1/querier/split}, by which a query frontend has a querier evaluate one split
 * of a range metric query. Each starts with its version, so that a process refuses what it cannot read rather than
 * misreading it (during a rolling upgrade, say):
 * <pre>
 * message SplitRequest {
 *   uint32 version = 1;              // 1, or 2 when stream_access is set
 *   string tenant = 2;
 *   string query = 3;                // canonical LogQL of a metric query
 *   int64 start_nanos = 4;           // the split's steps: start, start+step, ..., end
 *   int64 end_nanos = 5;
 *   int64 step_nanos = 6;
 *   int64 deadline_unix_nanos = 7;   // when the query's time is up; 0: none
 *   string stream_access = 8;        // the X-Sigyn-Stream-Access JSON the split is restricted to; empty: none
 * }
 * message SplitAnswer {
 *   uint32 version = 1;              // 1
 *   repeated Series series = 2;      // sorted by labels
 *   int64 lines = 3;                 // read for the split, for the answer's statistics
 *   int64 bytes = 4;
 *   Error error = 5;                 // set instead of the above when the split failed
 * }
 * message Series { repeated Label labels = 1; repeated int64 timestamps_nanos = 2 [packed];
 *                  repeated double values = 3 [packed]; }  // bit for bit, NaN payloads included
 * message Label { string name = 1; string value = 2; }
 * message Error { uint32 status = 1; string message = 2; }  // what the single binary would answer the query with
 * </pre>
 * The HTTP status of an answer is its error's status, or 200. A restricted split is sent as version 2, so that a
 * querier that does not know {@code stream_access} refuses it instead of answering it unrestricted.
 */
final class SplitProtocol {
    static final int VERSION = 1;
    /** A request restricted to some streams: read only by queriers that honour the restriction. */
    static final int RESTRICTED_VERSION = 2;
    static final String CONTENT_TYPE = "application/x-protobuf";

    private SplitProtocol() {}

    /** A split as a querier is asked it. */
    record Request(String tenant, String query, Steps steps, Instant deadline, StreamAccess access) {
        Request {
            if (access == null) access = StreamAccess.UNRESTRICTED;
        }

        Request(String tenant, String query, Steps steps, Instant deadline) {
            this(tenant, query, steps, deadline, StreamAccess.UNRESTRICTED);
        }
    }

    /** A split's answer as a querier gives it: series, or the error the call is to be answered with. */
    sealed interface Answer {}

    record Evaluated(SplitAnswer answer) implements Answer {}

    record Failed(int status, String message) implements Answer {}

    static byte[] encode(Request r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + r.query().length());
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        try {
            o.writeUInt32(1, r.access().unrestricted() ? VERSION : RESTRICTED_VERSION);
            o.writeString(2, r.tenant());
            o.writeString(3, r.query());
            o.writeInt64(4, r.steps().startNanos());
            o.writeInt64(5, r.steps().endNanos());
            o.writeInt64(6, r.steps().stepNanos());
            long deadline = unixNanos(r.deadline());
            if (deadline != 0) o.writeInt64(7, deadline);
            if (!r.access().unrestricted()) o.writeString(8, r.access().toHeader());
            o.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException naming the problem when the bytes are not a request of a version this code reads */
    static Request decodeRequest(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int version = 0;
        String tenant = null, query = null, access = "";
        long start = 0, end = 0, step = 0, deadline = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> version = in.readUInt32();
                case 2 -> tenant = in.readString();
                case 3 -> query = in.readString();
                case 4 -> start = in.readInt64();
                case 5 -> end = in.readInt64();
                case 6 -> step = in.readInt64();
                case 7 -> deadline = in.readInt64();
                case 8 -> access = in.readString();
                default -> in.skipField(tag);
            }
        }
        if (version != VERSION && version != RESTRICTED_VERSION) {
            throw new IOException("split request of version " + version + "; this Sigyn reads versions " + VERSION
                    + " and " + RESTRICTED_VERSION);
        }
        if (tenant == null || query == null) throw new IOException("split request without a tenant or a query");
        Steps steps;
        try {
            steps = Steps.range(start, end, step);
        } catch (IllegalArgumentException e) {
            throw new IOException("split request with invalid steps: " + e.getMessage());
        }
        Instant due = deadline == 0 ? Instant.MAX
                : Instant.ofEpochSecond(Math.floorDiv(deadline, 1_000_000_000L), Math.floorMod(deadline, 1_000_000_000L));
        StreamAccess streams;
        try {
            streams = StreamAccess.parseHeader(access);
        } catch (IllegalArgumentException e) {
            throw new IOException("split request with an invalid stream access: " + e.getMessage());
        }
        return new Request(tenant, query, steps, due, streams);
    }

    static byte[] encode(Answer answer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        try {
            o.writeUInt32(1, VERSION);
            switch (answer) {
                case Evaluated(SplitAnswer a) -> {
                    for (Series s : a.series()) writeSeries(o, s);
                    o.writeInt64(3, a.lines());
                    o.writeInt64(4, a.bytes());
                }
                case Failed(int status, String message) -> {
                    o.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    o.writeUInt32NoTag(CodedOutputStream.computeUInt32Size(1, status)
                            + CodedOutputStream.computeStringSize(2, message));
                    o.writeUInt32(1, status);
                    o.writeString(2, message);
                }
            }
            o.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException naming the problem when the bytes are not an answer of a version this code reads */
    static Answer decodeAnswer(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        int version = 0;
        List<Series> series = new ArrayList<>();
        long lines = 0, read = 0;
        Failed error = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> version = in.readUInt32();
                case 2 -> series.add(readSeries(in));
                case 3 -> lines = in.readInt64();
                case 4 -> read = in.readInt64();
                case 5 -> error = readError(in);
                default -> in.skipField(tag);
            }
        }
        checkVersion("split answer", version);
        return error != null ? error : new Evaluated(new SplitAnswer(series, lines, read));
    }

    private static void checkVersion(String what, int version) throws IOException {
        if (version != VERSION) {
            throw new IOException(what + " of version " + version + "; this Sigyn reads version " + VERSION);
        }
    }

    private static void writeSeries(CodedOutputStream o, Series s) throws IOException {
        List<Sample> samples = s.samples();
        int timestamps = 0;
        for (Sample p : samples) timestamps += CodedOutputStream.computeInt64SizeNoTag(p.tsNanos());
        int values = 8 * samples.size();
        int size = Proto.labelsSize(1, s.labels());
        if (!samples.isEmpty()) size += Proto.nestedSize(2, timestamps) + Proto.nestedSize(3, values);
        o.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(size);
        Proto.writeLabels(o, 1, s.labels());
        if (samples.isEmpty()) return;
        o.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(timestamps);
        for (Sample p : samples) o.writeInt64NoTag(p.tsNanos());
        o.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(values);
        for (Sample p : samples) o.writeDoubleNoTag(p.value()); // the raw bits: NaN payloads survive
    }

    private static Series readSeries(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        List<Label> labels = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> Proto.readLabel(in, labels);
                case 2 -> {
                    if (!packed) timestamps.add(in.readInt64());
                    else {
                        int l = in.pushLimit(in.readRawVarint32());
                        while (!in.isAtEnd()) timestamps.add(in.readInt64());
                        in.popLimit(l);
                    }
                }
                case 3 -> {
                    if (!packed) values.add(in.readDouble());
                    else {
                        int l = in.pushLimit(in.readRawVarint32());
                        while (!in.isAtEnd()) values.add(in.readDouble());
                        in.popLimit(l);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        if (timestamps.size() != values.size()) {
            throw new IOException("split answer with " + timestamps.size() + " timestamps and " + values.size()
                    + " values in a series");
        }
        List<Sample> samples = new ArrayList<>(timestamps.size());
        for (int i = 0; i < timestamps.size(); i++) samples.add(new Sample(timestamps.get(i), values.get(i)));
        return new Series(Labels.of(labels), samples);
    }

    private static Failed readError(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        int status = 500;
        String message = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> status = in.readUInt32();
                case 2 -> message = in.readString();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        return new Failed(status, message);
    }

    /** Nanoseconds since the epoch; 0 (none) for a deadline too far away to count in nanoseconds. */
    private static long unixNanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return 0;
        }
    }
}

package dev.sigyn.querier.remote;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.LabelMatcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a querier asks an ingester, the body of every call of the read path:
 * <pre>
 * message ReadRequest {
 *   uint32 version = 1;                        // 1
 *   string tenant = 2;
 *   repeated uint32 expected_partitions = 3;   // the write-log partitions the caller believes the ingester serves
 *   string selector = 4;                       // scan: matchers and leading line filters; tail: the whole log query
 *   repeated Matcher matchers = 5;             // series, chunk_stats
 *   int64 start_nanos = 6;                     // scan, series: inclusive; chunk_stats: from, inclusive
 *   int64 end_nanos = 7;                       // scan, series: exclusive; chunk_stats: through, inclusive
 *   uint32 direction = 8;                      // 0 forward, 1 backward
 *   int32 limit = 9;                           // entries per stream, 0: all
 *   int32 max_tails = 10;                      // tail: the tenant's max_concurrent_tail_requests
 *   int64 timeout_millis = 11;                 // the time the caller still gives the call, 0: no limit
 * }
 * message Matcher { string name = 1; uint32 type = 2; string value = 3; }   // type: = != =~ !~ as 0..3
 * </pre>
 * Matchers travel as values rather than text because series and chunk statistics take selectors that need not pass
 * a query's validation ({@code {app=~".*"}}, or none at all).
 */
record ReadRequest(String tenant, Set<Integer> expectedPartitions, String selector, List<LabelMatcher> matchers,
                   long startNanos, long endNanos, Direction direction, int limit, int maxTails, long timeoutMillis) {

    ReadRequest {
        expectedPartitions = Set.copyOf(expectedPartitions);
        matchers = List.copyOf(matchers);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeUInt32(1, Proto.VERSION);
            out.writeString(2, tenant);
            for (int p : new TreeSet<>(expectedPartitions)) out.writeUInt32(3, p);
            if (!selector.isEmpty()) out.writeString(4, selector);
            for (LabelMatcher m : matchers) {
                int body = matcherBody(m);
                out.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(body);
                out.writeString(1, m.name());
                out.writeUInt32(2, m.type().ordinal());
                out.writeString(3, m.value());
            }
            out.writeInt64(6, startNanos);
            out.writeInt64(7, endNanos);
            out.writeUInt32(8, direction == Direction.FORWARD ? 0 : 1);
            out.writeInt32(9, limit);
            out.writeInt32(10, maxTails);
            out.writeInt64(11, timeoutMillis);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IOException naming the problem when the bytes are not a request of a version this code reads
     * @throws com.google.re2j.PatternSyntaxException when a regex matcher does not compile
     */
    static ReadRequest decode(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int version = 0;
        String tenant = null;
        Set<Integer> partitions = new TreeSet<>();
        String selector = "";
        List<LabelMatcher> matchers = new ArrayList<>();
        long start = 0, end = 0, timeout = 0;
        Direction direction = Direction.FORWARD;
        int limit = 0, maxTails = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> version = in.readUInt32();
                case 2 -> tenant = in.readString();
                case 3 -> {
                    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) { // packed
                        int packed = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) partitions.add(in.readUInt32());
                        in.popLimit(packed);
                    } else {
                        partitions.add(in.readUInt32());
                    }
                }
                case 4 -> selector = in.readString();
                case 5 -> matchers.add(readMatcher(in));
                case 6 -> start = in.readInt64();
                case 7 -> end = in.readInt64();
                case 8 -> direction = in.readUInt32() == 0 ? Direction.FORWARD : Direction.BACKWARD;
                case 9 -> limit = in.readInt32();
                case 10 -> maxTails = in.readInt32();
                case 11 -> timeout = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        Proto.checkVersion(version, "read request");
        if (tenant == null || tenant.isEmpty()) throw new IOException("read request without a tenant");
        return new ReadRequest(tenant, partitions, selector, matchers, start, end, direction, limit, maxTails, timeout);
    }

    private static LabelMatcher readMatcher(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String name = "", value = "";
        int type = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 2 -> type = in.readUInt32();
                case 3 -> value = in.readString();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        LabelMatcher.Type[] types = LabelMatcher.Type.values();
        if (type >= types.length) throw new IOException("unknown matcher type " + type);
        return LabelMatcher.of(name, types[type], value);
    }

    private static int matcherBody(LabelMatcher m) {
        return CodedOutputStream.computeStringSize(1, m.name())
                + CodedOutputStream.computeUInt32Size(2, m.type().ordinal())
                + CodedOutputStream.computeStringSize(3, m.value());
    }
}

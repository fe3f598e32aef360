package dev.sigyn.bench;

import com.google.protobuf.CodedOutputStream;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Cuts a dataset into push requests the way a log shipper does: per tenant, entries of all streams in time order,
 * a new batch once the next line would take the batch past {@code batchBytes} of log text. Each batch is encoded as
 * Loki's {@code logproto.PushRequest} and compressed with snappy, ready to send.
 */
public final class PushBatches {

    /** One ready-to-send push: the snappy-compressed protobuf body and what it carries. */
    public record Batch(String tenant, long firstTimestamp, byte[] body, int lines, long lineBytes) {}

    private PushBatches() {}

    public static List<Batch> encode(Dataset dataset, long batchBytes) {
        List<Batch> batches = new ArrayList<>();
        for (Map.Entry<String, List<Dataset.Stream>> tenant : dataset.tenants().entrySet()) {
            cut(tenant.getKey(), tenant.getValue(), batchBytes, batches);
        }
        // Interleave tenants by time, as concurrent shippers would.
        batches.sort(Comparator.comparingLong(Batch::firstTimestamp));
        return batches;
    }

    private static void cut(String tenant, List<Dataset.Stream> streams, long batchBytes, List<Batch> out) {
        // Merge the streams by timestamp: the queue holds {stream index, next position}.
        PriorityQueue<int[]> next = new PriorityQueue<>(Comparator.comparingLong(c -> streams.get(c[0]).timestamps()[c[1]]));
        for (int s = 0; s < streams.size(); s++) if (streams.get(s).size() > 0) next.add(new int[]{s, 0});
        TreeMap<Integer, int[]> ranges = new TreeMap<>(); // stream index -> {first, end} of its entries in the batch
        long bytes = 0;
        int lines = 0;
        long first = 0;
        while (!next.isEmpty()) {
            int[] c = next.poll();
            Dataset.Stream stream = streams.get(c[0]);
            int len = stream.lines()[c[1]].length;
            if (lines > 0 && bytes + len > batchBytes) {
                out.add(new Batch(tenant, first, compress(streams, ranges), lines, bytes));
                ranges.clear();
                bytes = 0;
                lines = 0;
            }
            if (lines == 0) first = stream.timestamps()[c[1]];
            int[] range = ranges.computeIfAbsent(c[0], k -> new int[]{c[1], c[1]});
            range[1] = c[1] + 1; // entries of one stream leave the queue in order, so the range stays contiguous
            bytes += len;
            lines++;
            if (c[1] + 1 < stream.size()) next.add(new int[]{c[0], c[1] + 1});
        }
        if (lines > 0) out.add(new Batch(tenant, first, compress(streams, ranges), lines, bytes));
    }

    /** One push request (protobuf, snappy) carrying every entry of these streams. */
    static byte[] push(List<Dataset.Stream> streams) {
        Map<Integer, int[]> ranges = new TreeMap<>();
        for (int s = 0; s < streams.size(); s++) ranges.put(s, new int[]{0, streams.get(s).size()});
        return compress(streams, ranges);
    }

    /** The tenant and stream label of {@link #warmupPush}'s line. */
    public static final String WARMUP_TENANT = "sigyn-bench-warmup";

    /**
     * A push of about {@code bodyBytes} on the wire that stores a single line, in tenant {@link #WARMUP_TENANT},
     * stream {@code {job="sigyn-bench-warmup"}}: the rest is an unknown field (number 15, random bytes, so snappy
     * cannot shrink it), which Loki and Sigyn skip. Sent repeatedly, it exercises the client's and the server's HTTP
     * path with bodies of the real size and real answers (204) while adding one line (repeats are dropped).
     */
    public static byte[] warmupPush(int bodyBytes, long timestampNanos) {
        Dataset.Stream stream = new Dataset.Stream(Map.of("job", WARMUP_TENANT), new long[]{timestampNanos},
                new byte[][]{"sigyn-bench: warm-up push".getBytes(java.nio.charset.StandardCharsets.UTF_8)});
        byte[] oneLine = pushRequest(List.of(stream), Map.of(0, new int[]{0, 1}));
        byte[] filler = new byte[Math.max(0, bodyBytes - oneLine.length - 16)];
        new java.util.Random(15).nextBytes(filler);
        try {
            byte[] message = java.util.Arrays.copyOf(oneLine, oneLine.length + CodedOutputStream.computeByteArraySize(15, filler));
            CodedOutputStream out = CodedOutputStream.newInstance(message, oneLine.length, message.length - oneLine.length);
            out.writeByteArray(15, filler);
            out.checkNoSpaceLeft();
            return Snappy.compress(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] compress(List<Dataset.Stream> streams, Map<Integer, int[]> ranges) {
        try {
            return Snappy.compress(pushRequest(streams, ranges));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code PushRequest{streams=1: StreamAdapter{labels=1, entries=2: EntryAdapter{timestamp=1: Timestamp{seconds=1,
     * nanos=2}, line=2}}}}, written in one exact-size array.
     */
    static byte[] pushRequest(List<Dataset.Stream> streams, Map<Integer, int[]> ranges) {
        List<String> labelTexts = new ArrayList<>();
        int[] streamSizes = new int[ranges.size()];
        int total = 0;
        int k = 0;
        for (Map.Entry<Integer, int[]> r : ranges.entrySet()) {
            Dataset.Stream s = streams.get(r.getKey());
            String labels = lokiLabels(s.labels());
            labelTexts.add(labels);
            int size = CodedOutputStream.computeStringSize(1, labels);
            for (int i = r.getValue()[0]; i < r.getValue()[1]; i++) {
                int entry = entrySize(s.timestamps()[i], s.lines()[i]);
                size += CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry;
            }
            streamSizes[k++] = size;
            total += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        byte[] out = new byte[total];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            k = 0;
            for (Map.Entry<Integer, int[]> r : ranges.entrySet()) {
                Dataset.Stream s = streams.get(r.getKey());
                o.writeTag(1, 2);
                o.writeUInt32NoTag(streamSizes[k]);
                o.writeString(1, labelTexts.get(k));
                k++;
                for (int i = r.getValue()[0]; i < r.getValue()[1]; i++) {
                    long ts = s.timestamps()[i];
                    byte[] line = s.lines()[i];
                    o.writeTag(2, 2);
                    o.writeUInt32NoTag(entrySize(ts, line));
                    o.writeTag(1, 2);
                    o.writeUInt32NoTag(timestampSize(ts));
                    o.writeInt64(1, Math.floorDiv(ts, 1_000_000_000L));
                    o.writeInt32(2, (int) Math.floorMod(ts, 1_000_000_000L));
                    o.writeByteArray(2, line);
                }
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int timestampSize(long ts) {
        return CodedOutputStream.computeInt64Size(1, Math.floorDiv(ts, 1_000_000_000L))
                + CodedOutputStream.computeInt32Size(2, (int) Math.floorMod(ts, 1_000_000_000L));
    }

    private static int entrySize(long ts, byte[] line) {
        int t = timestampSize(ts);
        return CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(t) + t
                + CodedOutputStream.computeByteArraySize(2, line);
    }

    /** Loki's label text, {@code {a="b", c="d"}}, names sorted, values Go-quoted. */
    static String lokiLabels(Map<String, String> labels) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
            if (b.length() > 1) b.append(", ");
            b.append(l.getKey()).append("=\"");
            for (char c : l.getValue().toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c);
                }
            }
            b.append('"');
        }
        return b.append('}').toString();
    }
}

package dev.sigyn.ruler.remotewrite;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * Encodes samples as remote write 1.0's body: a prompb {@code WriteRequest} in snappy's block format. Written by
 * hand with {@link CodedOutputStream}, as elsewhere in Sigyn:
 * <pre>
 * message WriteRequest { repeated TimeSeries timeseries = 1; }
 * message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * message Label        { string name = 1; string value = 2; }
 * message Sample       { double value = 1; int64 timestamp = 2; }
 * </pre>
 * Samples of one label set share one TimeSeries, in the order given (the evaluation order, so oldest first). Labels
 * are sorted by name, as the spec requires; {@code __name__} thus precedes every lower-case name.
 */
final class WriteRequestEncoder {
    private WriteRequestEncoder() {
    }

    /** The snappy-compressed WriteRequest, ready to post. */
    static byte[] encode(List<RecordedSeries> samples) {
        try {
            return Snappy.compress(protobuf(samples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The uncompressed WriteRequest. */
    static byte[] protobuf(List<RecordedSeries> samples) {
        Map<Map<String, String>, List<RecordedSeries>> bySeries = new LinkedHashMap<>();
        for (RecordedSeries s : samples) bySeries.computeIfAbsent(s.labels(), k -> new ArrayList<>()).add(s);

        List<TreeMap<String, String>> labelSets = new ArrayList<>();
        List<Integer> seriesSizes = new ArrayList<>();
        int total = 0;
        for (var e : bySeries.entrySet()) {
            TreeMap<String, String> sorted = new TreeMap<>(e.getKey());
            int size = seriesSize(sorted, e.getValue());
            labelSets.add(sorted);
            seriesSizes.add(size);
            total += nestedSize(1, size);
        }
        byte[] out = new byte[total];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            int i = 0;
            for (List<RecordedSeries> series : bySeries.values()) {
                cos.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                cos.writeUInt32NoTag(seriesSizes.get(i));
                for (var l : labelSets.get(i).entrySet()) {
                    cos.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    cos.writeUInt32NoTag(labelSize(l.getKey(), l.getValue()));
                    cos.writeString(1, l.getKey());
                    cos.writeString(2, l.getValue());
                }
                for (RecordedSeries s : series) {
                    cos.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    cos.writeUInt32NoTag(sampleSize(s));
                    // proto3 omits zero values; Prometheus reads either form
                    if (Double.doubleToRawLongBits(s.value()) != 0) cos.writeDouble(1, s.value());
                    if (s.timestampMs() != 0) cos.writeInt64(2, s.timestampMs());
                }
                i++;
            }
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static int seriesSize(Map<String, String> labels, List<RecordedSeries> samples) {
        int size = 0;
        for (var l : labels.entrySet()) size += nestedSize(1, labelSize(l.getKey(), l.getValue()));
        for (RecordedSeries s : samples) size += nestedSize(2, sampleSize(s));
        return size;
    }

    private static int labelSize(String name, String value) {
        return CodedOutputStream.computeStringSize(1, name) + CodedOutputStream.computeStringSize(2, value);
    }

    private static int sampleSize(RecordedSeries s) {
        int size = 0;
        if (Double.doubleToRawLongBits(s.value()) != 0) size += CodedOutputStream.computeDoubleSize(1, s.value());
        if (s.timestampMs() != 0) size += CodedOutputStream.computeInt64Size(2, s.timestampMs());
        return size;
    }

    private static int nestedSize(int field, int bodySize) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(bodySize) + bodySize;
    }
}

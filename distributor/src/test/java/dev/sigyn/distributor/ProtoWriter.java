package dev.sigyn.distributor;

import com.google.protobuf.CodedOutputStream;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Encodes Loki PushRequests the way Promtail does: protobuf fields by hand, then a raw snappy block. */
final class ProtoWriter {
    record Stream(String labels, List<Entry> entries) {
    }

    private ProtoWriter() {}

    static byte[] snappyPush(Stream... streams) {
        try {
            return Snappy.compress(push(streams));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] push(Stream... streams) {
        return message(out -> {
            for (Stream s : streams) out.writeByteArray(1, stream(s));
        });
    }

    private static byte[] stream(Stream s) {
        return message(out -> {
            out.writeString(1, s.labels());
            for (Entry e : s.entries()) out.writeByteArray(2, entry(e));
            out.writeUInt64(3, 12345); // the hash clients may send; must be ignored
        });
    }

    private static byte[] entry(Entry e) {
        return message(out -> {
            long seconds = Math.floorDiv(e.timestampNanos(), 1_000_000_000L);
            int nanos = (int) Math.floorMod(e.timestampNanos(), 1_000_000_000L);
            out.writeByteArray(1, message(ts -> {
                ts.writeInt64(1, seconds);
                ts.writeInt32(2, nanos);
            }));
            out.writeString(2, e.line());
            for (Label l : e.structuredMetadata().asList()) {
                out.writeByteArray(3, message(p -> {
                    p.writeString(1, l.name());
                    p.writeString(2, l.value());
                }));
            }
            out.writeString(99, "a field from a future version"); // unknown fields are skipped
        });
    }

    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

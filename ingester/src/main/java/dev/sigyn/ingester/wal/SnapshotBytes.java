package dev.sigyn.ingester.wal;

import dev.sigyn.store.bytes.ByteSource;
import dev.sigyn.store.bytes.MalformedDataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams held in memory as one object of bytes, in the WAL checkpoint's format (magic, one frame per stream, an end
 * frame with the stream count): what an ingester of microservices mode puts in the object store so that another one
 * can take its partition over. Unlike a checkpoint file, damaged bytes are an error, not a partial restore: the
 * write log still holds everything after the previous snapshot, which the caller falls back to.
 */
public final class SnapshotBytes {
    private SnapshotBytes() {}

    public static byte[] encode(List<StreamSnapshot> streams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        out.writeBytes(WalCodec.CHECKPOINT_MAGIC);
        for (StreamSnapshot s : streams) out.writeBytes(WalCodec.encodeStream(s));
        out.writeBytes(WalCodec.encodeCheckpointEnd(streams.size()));
        return out.toByteArray();
    }

    /** @throws IOException naming the damage when the bytes are not a whole snapshot */
    public static List<StreamSnapshot> decode(byte[] bytes) throws IOException {
        List<StreamSnapshot> streams = new ArrayList<>();
        try (FrameReader reader = new FrameReader(bytes)) {
            if (!reader.readMagic(WalCodec.CHECKPOINT_MAGIC)) throw new IOException("snapshot: bad magic");
            while (true) {
                switch (reader.next()) {
                    case FrameReader.End end -> throw new IOException("snapshot: no end marker");
                    case FrameReader.Damaged d -> throw new IOException("snapshot: " + d.reason() + " at offset " + d.offset());
                    case FrameReader.Frame f -> {
                        ByteSource in = new ByteSource(f.payload(), 1, f.payload().length);
                        try {
                            switch (f.payload()[0]) {
                                case WalCodec.TYPE_STREAM, WalCodec.TYPE_STREAM_WITH_CODECS -> streams.add(
                                        WalCodec.decodeStream(in, f.payload()[0] == WalCodec.TYPE_STREAM_WITH_CODECS));
                                case WalCodec.TYPE_CHECKPOINT_END -> {
                                    long count = in.readUvarint();
                                    if (count != streams.size()) {
                                        throw new IOException("snapshot: holds " + streams.size() + " streams, expected " + count);
                                    }
                                    return streams;
                                }
                                default -> throw new IOException("snapshot: unknown record type " + f.payload()[0]);
                            }
                        } catch (MalformedDataException e) {
                            throw new IOException("snapshot: " + e.getMessage(), e);
                        }
                    }
                }
            }
        }
    }
}

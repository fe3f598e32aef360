package dev.sigyn.ingester.wal;

import dev.sigyn.store.bytes.ByteSource;
import dev.sigyn.store.bytes.MalformedDataException;
import dev.sigyn.store.crypt.KeyRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rebuilds state from a WAL directory: the newest checkpoint, then every segment from the checkpoint's number on.
 * A damaged frame in the last segment is a torn tail (a write the crash interrupted, never acknowledged): the
 * segment is truncated there. Damage anywhere else stops replay; the damaged rest is moved aside to
 * {@code *.corrupt} files so that the directory again matches what was replayed. Encrypted files are read with the
 * configured keys, plain ones as they are; a file whose key is missing stops replay ({@link WalKeyMissingException}):
 * it is never skipped.
 */
public final class WalReplayer {
    private static final Logger log = LoggerFactory.getLogger(WalReplayer.class);

    private final Path dir;
    private final ReplayTarget target;
    private final Optional<KeyRing> keys;
    private long maxSeq;
    private long records;
    private long truncatedBytes;
    private boolean corrupted;
    private int restoredStreams;

    private WalReplayer(Path dir, ReplayTarget target, Optional<KeyRing> keys) {
        this.dir = dir;
        this.target = target;
        this.keys = keys;
    }

    /** Replays a WAL that holds no encrypted file. */
    public static ReplayResult replay(Path dir, ReplayTarget target) throws IOException {
        return replay(dir, target, Optional.empty());
    }

    /** Replays a WAL, opening encrypted files with {@code keys}. */
    public static ReplayResult replay(Path dir, ReplayTarget target, Optional<KeyRing> keys) throws IOException {
        Files.createDirectories(dir);
        return new WalReplayer(dir, target, keys).run();
    }

    /**
     * Throws {@link WalKeyMissingException} when a file that replay would read is encrypted with a key {@code keys}
     * lacks, so that start-up can fail at once, naming the key, instead of replay failing later.
     */
    public static void checkKeys(Path dir, Optional<KeyRing> keys) throws IOException {
        if (!Files.isDirectory(dir)) return;
        TreeMap<Long, Path> checkpoints = WalFiles.checkpoints(dir);
        long first = 0;
        if (!checkpoints.isEmpty()) {
            first = checkpoints.lastKey();
            try (FrameReader reader = new FrameReader(checkpoints.lastEntry().getValue())) {
                reader.readHeader(checkpoints.lastEntry().getValue(), first, WalCodec.CHECKPOINT_MAGIC,
                        WalCodec.SEALED_CHECKPOINT_MAGIC, keys);
            }
        }
        for (Map.Entry<Long, Path> e : WalFiles.segments(dir).tailMap(first, true).entrySet()) {
            try (FrameReader reader = new FrameReader(e.getValue())) {
                reader.readHeader(e.getValue(), e.getKey(), WalCodec.SEGMENT_MAGIC, WalCodec.SEALED_SEGMENT_MAGIC, keys);
            }
        }
    }

    private ReplayResult run() throws IOException {
        deleteTempFiles();
        TreeMap<Long, Path> checkpoints = WalFiles.checkpoints(dir);
        long firstSegment = 0;
        if (!checkpoints.isEmpty()) {
            Map.Entry<Long, Path> newest = checkpoints.lastEntry();
            firstSegment = newest.getKey();
            if (restoreCheckpoint(newest.getValue(), firstSegment)) {
                removeCovered(checkpoints.headMap(firstSegment), WalFiles.segments(dir).headMap(firstSegment));
            }
        }
        TreeMap<Long, Path> segments = new TreeMap<>(WalFiles.segments(dir).tailMap(firstSegment, true));
        List<Long> numbers = new ArrayList<>(segments.keySet());
        // Never reuse a number, not even one whose segment was moved aside.
        long next = Math.max(firstSegment == 0 ? 1 : firstSegment, numbers.isEmpty() ? 0 : numbers.getLast() + 1);
        for (int i = 0; i < numbers.size(); i++) {
            long n = numbers.get(i);
            if (i > 0 && n != numbers.get(i - 1) + 1) log.warn("WAL segments {} to {} are missing", numbers.get(i - 1) + 1, n - 1);
            boolean last = i == numbers.size() - 1;
            if (!replaySegment(segments.get(n), n, last)) {
                for (long later : numbers.subList(i + 1, numbers.size())) moveAside(segments.get(later));
                break;
            }
        }
        return new ReplayResult(next, maxSeq, restoredStreams, records, truncatedBytes, corrupted);
    }

    /** Restores the checkpoint's streams; false (after logging) when the file is damaged. */
    private boolean restoreCheckpoint(Path file, long number) throws IOException {
        try (FrameReader reader = new FrameReader(file)) {
            switch (reader.readHeader(file, number, WalCodec.CHECKPOINT_MAGIC, WalCodec.SEALED_CHECKPOINT_MAGIC, keys)) {
                case FrameReader.Readable ok -> { }
                case FrameReader.TooShort t -> {
                    return checkpointDamaged(file, "no complete header");
                }
                case FrameReader.NotAHeader bad -> {
                    return checkpointDamaged(file, bad.reason());
                }
            }
            while (true) {
                FrameReader.Result r = reader.next();
                switch (r) {
                    case FrameReader.End end -> {
                        return checkpointDamaged(file, "no end marker");
                    }
                    case FrameReader.Damaged d -> {
                        return checkpointDamaged(file, d.reason() + " at offset " + d.offset());
                    }
                    case FrameReader.Frame f -> {
                        ByteSource in = new ByteSource(f.payload(), 1, f.payload().length);
                        try {
                            switch (f.payload()[0]) {
                                case WalCodec.TYPE_STREAM, WalCodec.TYPE_STREAM_WITH_CODECS -> {
                                    StreamSnapshot snap = WalCodec.decodeStream(in,
                                            f.payload()[0] == WalCodec.TYPE_STREAM_WITH_CODECS);
                                    maxSeq = Math.max(maxSeq, snap.lastSeq());
                                    target.restore(snap);
                                    restoredStreams++;
                                }
                                case WalCodec.TYPE_CHECKPOINT_END -> {
                                    long count = in.readUvarint();
                                    if (count != restoredStreams) {
                                        return checkpointDamaged(file, "holds " + restoredStreams + " streams, expected " + count);
                                    }
                                    return true;
                                }
                                default -> {
                                    return checkpointDamaged(file, "unknown record type " + f.payload()[0]);
                                }
                            }
                        } catch (MalformedDataException e) {
                            return checkpointDamaged(file, e.getMessage());
                        }
                    }
                }
            }
        }
    }

    private boolean checkpointDamaged(Path file, String why) {
        log.error("WAL checkpoint {} is damaged ({}); {} streams were restored from it, replay continues with the segments",
                file, why, restoredStreams);
        corrupted = true;
        return false;
    }

    /** Replays one segment; false when replay must stop here. */
    private boolean replaySegment(Path file, long number, boolean last) throws IOException {
        long damagedAt;
        String reason;
        long size;
        try (FrameReader reader = new FrameReader(file)) {
            size = reader.fileSize();
            switch (reader.readHeader(file, number, WalCodec.SEGMENT_MAGIC, WalCodec.SEALED_SEGMENT_MAGIC, keys)) {
                case FrameReader.TooShort t when last -> {
                    // Created just before a crash, before its header was written.
                    truncatedBytes += size;
                    reader.close();
                    Files.delete(file);
                    log.warn("WAL segment {} has no complete header ({} bytes): removed it", file, size);
                    return true;
                }
                case FrameReader.TooShort t -> {
                    damagedAt = 0;
                    reason = "no complete header";
                }
                case FrameReader.NotAHeader bad -> {
                    damagedAt = 0;
                    reason = bad.reason();
                }
                case FrameReader.Readable ok -> {
                    FrameReader.Damaged damaged = replayFrames(reader);
                    if (damaged == null) return true;
                    damagedAt = damaged.offset();
                    reason = damaged.reason();
                }
            }
        }
        if (last) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(damagedAt);
                ch.force(true);
            }
            truncatedBytes += size - damagedAt;
            log.warn("WAL segment {} ends with a torn write ({} at offset {}): truncated {} bytes that were never acknowledged",
                    file, reason, damagedAt, size - damagedAt);
            return true;
        }
        log.error("WAL segment {} is corrupt ({} at offset {}): replay stops there; the rest of the WAL is kept in *{} files",
                file, reason, damagedAt, WalFiles.CORRUPT_SUFFIX);
        corrupted = true;
        Files.copy(file, file.resolveSibling(file.getFileName() + WalFiles.CORRUPT_SUFFIX), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(damagedAt);
            ch.force(true);
        }
        truncatedBytes += size - damagedAt;
        return false;
    }

    /** Applies every good frame; returns the damage that ended the segment, or null when it ended cleanly. */
    private FrameReader.Damaged replayFrames(FrameReader reader) throws IOException {
        while (true) {
            FrameReader.Result r = reader.next();
            switch (r) {
                case FrameReader.End end -> {
                    return null;
                }
                case FrameReader.Damaged d -> {
                    return d;
                }
                case FrameReader.Frame f -> {
                    ByteSource in = new ByteSource(f.payload(), 1, f.payload().length);
                    try {
                        switch (f.payload()[0]) {
                            case WalCodec.TYPE_PUSH -> {
                                PushRecord push = WalCodec.decodePush(in);
                                maxSeq = Math.max(maxSeq, push.seq());
                                records++;
                                for (int i = 0; i < push.parts().size(); i++) target.replay(push.part(i));
                            }
                            case WalCodec.TYPE_ENTRIES -> {
                                EntriesRecord rec = WalCodec.decodeEntries(in);
                                maxSeq = Math.max(maxSeq, rec.seq());
                                records++;
                                target.replay(rec);
                            }
                            default -> {
                                return new FrameReader.Damaged(f.offset(), "unknown record type " + f.payload()[0]);
                            }
                        }
                    } catch (MalformedDataException e) {
                        return new FrameReader.Damaged(f.offset(), "malformed record: " + e.getMessage());
                    }
                }
            }
        }
    }

    private void moveAside(Path file) throws IOException {
        long size = Files.size(file);
        truncatedBytes += size;
        Files.move(file, file.resolveSibling(file.getFileName() + WalFiles.CORRUPT_SUFFIX), StandardCopyOption.REPLACE_EXISTING);
        log.error("WAL segment {} follows a corrupt one and was not replayed ({} bytes); moved it aside", file, size);
    }

    /** Files a completed checkpoint made obsolete (its writer crashed before deleting them). */
    private void removeCovered(Map<Long, Path> oldCheckpoints, Map<Long, Path> oldSegments) throws IOException {
        for (Path p : oldCheckpoints.values()) Files.deleteIfExists(p);
        for (Path p : oldSegments.values()) Files.deleteIfExists(p);
    }

    private void deleteTempFiles() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + WalFiles.TEMP_SUFFIX)) {
            for (Path p : ds) Files.deleteIfExists(p);
        }
    }
}

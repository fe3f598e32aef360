package dev.sigyn.ingester.wal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;

/** Names of the files in a WAL directory: {@code wal-<n>.seg}, {@code checkpoint-<n>.ckp} and their temp files. */
final class WalFiles {
    private static final Logger log = LoggerFactory.getLogger(WalFiles.class);

    static final String SEGMENT_PREFIX = "wal-";
    static final String SEGMENT_SUFFIX = ".seg";
    static final String CHECKPOINT_PREFIX = "checkpoint-";
    static final String CHECKPOINT_SUFFIX = ".ckp";
    static final String TEMP_SUFFIX = ".tmp";
    static final String CORRUPT_SUFFIX = ".corrupt";

    private WalFiles() {}

    static Path segment(Path dir, long n) {
        return dir.resolve(SEGMENT_PREFIX + String.format("%016d", n) + SEGMENT_SUFFIX);
    }

    /** A checkpoint numbered n holds everything written to segments below n. */
    static Path checkpoint(Path dir, long n) {
        return dir.resolve(CHECKPOINT_PREFIX + String.format("%016d", n) + CHECKPOINT_SUFFIX);
    }

    static TreeMap<Long, Path> segments(Path dir) throws IOException {
        return numbered(dir, SEGMENT_PREFIX, SEGMENT_SUFFIX);
    }

    static TreeMap<Long, Path> checkpoints(Path dir) throws IOException {
        return numbered(dir, CHECKPOINT_PREFIX, CHECKPOINT_SUFFIX);
    }

    private static TreeMap<Long, Path> numbered(Path dir, String prefix, String suffix) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
                String digits = name.substring(prefix.length(), name.length() - suffix.length());
                try {
                    found.put(Long.parseLong(digits), p);
                } catch (NumberFormatException e) {
                    log.warn("ignoring unexpected file in the WAL directory: {}", p);
                }
            }
        }
        return found;
    }

    /** Makes a created, renamed or deleted file's directory entry durable. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for syncing; the data files themselves are synced.
            log.debug("could not sync directory {}: {}", dir, e.toString());
        }
    }
}

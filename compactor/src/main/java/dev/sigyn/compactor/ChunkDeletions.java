package dev.sigyn.compactor;

import dev.sigyn.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * Deletes chunk objects that left the index, after {@code compactor.retention_delete_delay} so that queries that
 * read the index just before can still fetch them. Pending deletions are recorded in the bucket as
 * {@code compactor/deletions/<due unix ms>-<random>.txt} (one chunk key per line), so they survive a restart.
 */
final class ChunkDeletions {
    private static final Logger log = LoggerFactory.getLogger(ChunkDeletions.class);
    static final String PREFIX = "compactor/deletions/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlobStore store;
    private final Duration delay;
    private final Clock clock;

    ChunkDeletions(BlobStore store, Duration delay, Clock clock) {
        this.store = store;
        this.delay = delay;
        this.clock = clock;
    }

    /** Deletes the chunks now when there is no delay; otherwise records them. Returns how many were deleted now. */
    int schedule(Collection<String> chunkKeys) throws IOException {
        if (chunkKeys.isEmpty()) return 0;
        if (delay.isZero() || delay.isNegative()) {
            for (String key : chunkKeys) store.delete(key);
            return chunkKeys.size();
        }
        long due = clock.millis() + delay.toMillis();
        String marker = PREFIX + String.format("%013d-%016x.txt", due, RANDOM.nextLong());
        store.put(marker, String.join("\n", chunkKeys).getBytes(StandardCharsets.UTF_8));
        return 0;
    }

    /** Deletes the chunks of every record that is due, then the record. Returns how many chunks were deleted. */
    int sweep() throws IOException {
        long now = clock.millis();
        int deleted = 0;
        for (String marker : store.list(PREFIX)) {
            String name = marker.substring(PREFIX.length());
            int dash = name.indexOf('-');
            long due;
            try {
                due = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
            } catch (NumberFormatException e) {
                continue; // not one of ours
            }
            if (due > now) continue;
            String content;
            try {
                content = new String(store.get(marker), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue;
            }
            for (String key : content.split("\n")) {
                if (key.isBlank()) continue;
                store.delete(key);
                deleted++;
            }
            store.delete(marker);
            log.debug("deleted the chunks recorded in {}", marker);
        }
        return deleted;
    }
}

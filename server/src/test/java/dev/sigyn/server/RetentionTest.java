package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.config.ConfigException;
import dev.sigyn.config.RetentionStream;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.FileSystemBlobStore;
import dev.sigyn.store.s3.S3BlobStore;
import dev.sigyn.store.s3.S3Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.sigyn.server.CompactorTestSupport.DAY;
import static dev.sigyn.server.CompactorTestSupport.HOUR;
import static dev.sigyn.server.CompactorTestSupport.compact;
import static dev.sigyn.server.CompactorTestSupport.flush;
import static dev.sigyn.server.CompactorTestSupport.instant;
import static dev.sigyn.server.CompactorTestSupport.lines;
import static dev.sigyn.server.CompactorTestSupport.linesInChunkObjects;
import static dev.sigyn.server.CompactorTestSupport.nowNanos;
import static dev.sigyn.server.CompactorTestSupport.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention as a user sees it: expired lines leave the query results and their chunks leave the bucket. */
class RetentionTest {
    @TempDir
    Path dataDir;

    private SigynConfig config(Path dir) {
        SigynConfig c = CompactorTestSupport.config(dir, Duration.ofHours(24));
        return c.withLimits(c.limits().withRetentionPeriod(Duration.ofHours(72)).withRetentionStream(List.of(
                new RetentionStream("{env=\"dev\"}", 1, Duration.ofHours(24)))));
    }

    @Test
    void expiredLinesDisappearFromQueriesAndTheirChunksFromTheBucket() throws Exception {
        expiredLinesDisappear(config(dataDir), new FileSystemBlobStore(dataDir.resolve("chunks")));
    }

    @Test
    void onAnS3BucketToo() throws Exception {
        try (S3TestProxy s3 = S3TestProxy.start(dataDir.resolve("s3"));
             S3BlobStore bucket = new S3BlobStore(S3Options.fromConfig(s3.s3Config()).orElseThrow())) {
            expiredLinesDisappear(s3.configure(config(dataDir.resolve("sigyn"))), bucket);
        }
    }

    private static void expiredLinesDisappear(SigynConfig config, BlobStore bucket) throws Exception {
        long now = nowNanos();
        try (TestServer server = CompactorTestSupport.start(config)) {
            // One flush per line, so that every line has a chunk of its own (retention removes whole chunks).
            push(server, "shop", "{\"app\":\"cart\",\"env\":\"prod\"}", now - 4 * DAY, "prod 4 days old");
            flush(server);
            push(server, "shop", "{\"app\":\"cart\",\"env\":\"prod\"}", now - 36 * HOUR, "prod 36 hours old");
            flush(server);
            push(server, "shop", "{\"app\":\"cart\",\"env\":\"prod\"}", now - HOUR, "prod 1 hour old");
            flush(server);
            push(server, "shop", "{\"app\":\"cart\",\"env\":\"dev\"}", now - 36 * HOUR, "dev 36 hours old");
            flush(server);
            push(server, "shop", "{\"app\":\"cart\",\"env\":\"dev\"}", now - HOUR, "dev 1 hour old");
            flush(server);
            long start = now - 5 * DAY, end = now + 1;
            assertEquals(5, lines(server, "shop", "{app=\"cart\"}", start, end).size());
            assertEquals(5, linesInChunkObjects(bucket, "shop").size());

            JsonNode pass = compact(server);

            assertEquals(List.of("prod 36 hours old", "prod 1 hour old", "dev 1 hour old").stream().sorted().toList(),
                    lines(server, "shop", "{app=\"cart\"}", start, end).stream().sorted().toList());
            assertEquals(3.0, instant(server, "shop", "sum(count_over_time({app=\"cart\"}[5d]))", end));
            assertEquals(2, pass.get("chunks_expired").asInt());
            List<String> stored = linesInChunkObjects(bucket, "shop");
            assertFalse(stored.contains("prod 4 days old"), "expired chunk objects are deleted: " + stored);
            assertFalse(stored.contains("dev 36 hours old"), "expired chunk objects are deleted: " + stored);
            assertTrue(stored.containsAll(List.of("prod 36 hours old", "prod 1 hour old", "dev 1 hour old")), stored.toString());
        }
    }

    @Test
    void withRetentionDisabledNothingExpires() throws Exception {
        long now = nowNanos();
        SigynConfig c = config(dataDir);
        try (TestServer server = CompactorTestSupport.start(c.withCompactor(c.compactor().withRetentionEnabled(false)))) {
            push(server, "shop", "{\"app\":\"cart\",\"env\":\"dev\"}", now - 4 * DAY, "old dev line");
            flush(server);
            compact(server);
            assertEquals(List.of("old dev line"), lines(server, "shop", "{app=\"cart\"}", now - 5 * DAY, now));
            assertEquals(List.of("old dev line"), linesInChunkObjects(dataDir, "shop"));
        }
    }

    @Test
    void aBadRetentionSelectorFailsStartUpWithAClearMessage() {
        SigynConfig c = config(dataDir);
        SigynConfig bad = c.withLimits(c.limits().withRetentionStream(List.of(
                new RetentionStream("{namespace=dev}", 1, Duration.ofDays(2)))));
        ConfigException e = assertThrows(ConfigException.class, () -> SigynServer.start(bad));
        assertTrue(e.getMessage().contains("limits_config.retention_stream[0]") && e.getMessage().contains("invalid labels matchers"),
                e.getMessage());
    }
}

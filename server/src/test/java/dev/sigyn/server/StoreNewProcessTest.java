package dev.sigyn.server;

import dev.sigyn.config.SigynConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise of object storage: one Sigyn takes the conformance dataset and flushes it; a new Sigyn with an empty
 * data directory (no WAL, nothing in memory) pointed at the same store answers every conformance case as Loki did.
 * Subclasses say what "the same store" is (a bucket, a shared directory).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StoreNewProcessTest {
    /** The conformance configuration over {@code dataDir}, with the object store under test. */
    abstract SigynConfig config(Path dataDir) throws Exception;

    /** Object keys under a prefix ({@code chunks/}, {@code index/}) in the store under test. */
    abstract long countObjects(String prefix) throws Exception;

    abstract Path scratch();

    TestServer reader;
    Path readerDir;

    @BeforeAll
    void pushFlushThenStartAnotherSigyn() throws Exception {
        Path writerDir = scratch().resolve("writer");
        try (TestServer writer = TestServer.start(config(writerDir))) {
            assertEquals(16_100, ConformanceTest.push(writer, Conformance.resource("dataset.json")));
            assertEquals(204, writer.post("/flush", null, new byte[0], Map.of()).statusCode());
        }
        assertTrue(countObjects("chunks/") > 0, "the flush stored no chunk");
        assertTrue(countObjects("index/") > 0, "the flush stored no index file");

        readerDir = scratch().resolve("reader");
        assertFalse(Files.exists(readerDir), "the second Sigyn must start from nothing");
        reader = TestServer.start(config(readerDir));
    }

    @AfterAll
    void stop() throws Exception {
        if (reader != null) reader.close();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> aNewSigynWithAnEmptyDataDirectoryAnswersFromTheStore() throws Exception {
        return ConformanceTest.assertedCases(reader);
    }

    @Test
    @Order(2)
    void itsAnswersCameThroughTheStoreCaches() throws Exception {
        String metrics = new String(reader.get("/metrics", "ops").body());
        for (String cache : new String[] {"chunks", "index"}) {
            double misses = PrometheusText.value(metrics, "sigyn_store_cache_requests_total", "cache", cache, "result", "miss");
            double hits = PrometheusText.value(metrics, "sigyn_store_cache_requests_total", "cache", cache, "result", "hit");
            assertTrue(misses > 0, cache + ": nothing was fetched from the store");
            assertTrue(hits > 0, cache + ": repeated queries never hit the cache");
            assertTrue(PrometheusText.value(metrics, "sigyn_store_cache_size_bytes", "cache", cache) > 0, cache + " cache is empty");
        }
        assertEquals(100L << 20, (long) PrometheusText.value(metrics, "sigyn_store_cache_capacity_bytes", "cache", "chunks"),
                "chunk_store_config.chunk_cache_config.embedded_cache.max_size_mb (100) sizes the chunk cache");
        assertTrue(PrometheusText.value(metrics, "sigyn_store_fetch_duration_seconds_count", "object", "chunk") > 0);
        assertEquals(0.0, PrometheusText.value(metrics, "sigyn_ingester_unflushed_bytes"), "the reader holds nothing in memory");
    }
}

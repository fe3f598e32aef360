package dev.sigyn.server;

import dev.sigyn.bench.Dataset;
import dev.sigyn.bench.DatasetGenerator;
import dev.sigyn.bench.PushBatches;
import dev.sigyn.bench.PushClient;
import dev.sigyn.bench.SigynBench;
import dev.sigyn.config.CacheConfig;
import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.CompactorConfig;
import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.QuerierConfig;
import dev.sigyn.config.ServerConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.store.TemporaryDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Compiles the query path before a server takes traffic: cold, the first queries after a start ran 3–5× slower
 * than later ones while the JIT compiled the store reader, the line filters, the parsers and the aggregations
 * (docs/performance.md, "Results"). A throw-away Sigyn (temporary directory, filesystem store, a free loopback port,
 * its own metrics, default limits) receives the benchmark dataset at a small scale over HTTP, flushes it, and answers
 * the benchmark's queries (every kind: filters, regex, pattern, json with unwrap, logfmt, rate) a few times. Then it
 * is closed and its directory deleted: nothing reaches the real server's data or metrics. Compiled code is per JVM,
 * so the real server starts warm.
 */
final class QueryWarmup {
    private static final Logger log = LoggerFactory.getLogger(QueryWarmup.class);
    private static final int SCALE = 1;
    private static final int RUNS = 4;
    /*
     * Small blocks, so that the small dataset still gives every stream several blocks, some overlapping in time: with
     * the default 256 KB each stream fit in one block, and the first real query over bigger data met code the warm-up
     * never ran (merging overlapping blocks), deoptimized and waited for C2 to compile it again (JFR: ~130 ms of C2
     * time for DecodedBlock.parse alone in the first cold query). Chunks keep the default target size, as real ones:
     * only the blocks need to be small for that.
     */
    private static final long WARMUP_BLOCK_SIZE = 16 << 10;
    /** Small batches (a few KB per stream): a stream's block is cut every few batches, so late entries often follow a cut. */
    private static final int WARMUP_BATCH_BYTES = 32 << 10;

    private QueryWarmup() {}

    /** Returns whether every warm-up push and query was answered without error (failures are only logged). */
    static boolean run(SigynConfig config) {
        long t0 = System.nanoTime();
        Path dir = null;
        boolean ok = false;
        try {
            dir = Files.createTempDirectory("sigyn-query-warmup");
            SigynConfig cfg = throwAwayConfig(config, dir);
            try (SigynServer server = SigynServer.start(cfg, false)) {
                String url = "http://127.0.0.1:" + server.port();
                awaitReady(server);
                push(url);
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
                ok = SigynBench.run(new String[]{"query", "--url", url, "--runs", Integer.toString(RUNS)}, quiet) == 0;
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("query warm-up failed (harmless: the first queries are only slower)", e);
        } finally {
            // The throw-away server set the process-wide log level to "warn" to keep its start-up quiet.
            LogLevel.set(config.server().logLevel());
            if (dir != null && !TemporaryDirectories.deleteQuietly(dir)) log.debug("could not delete {}", dir);
        }
        log.info("query path warmed up in {} ms{}", (System.nanoTime() - t0) / 1_000_000, ok ? "" : " (some queries failed)");
        return ok;
    }

    /**
     * The real configuration with everything that holds data or limits it replaced: a loopback port, the temporary
     * directory as the filesystem store (never the real bucket), default ingester, limits (old samples accepted,
     * rates unlimited), querier, compactor and caches.
     */
    private static SigynConfig throwAwayConfig(SigynConfig config, Path dir) {
        LimitsConfig limits = LimitsConfig.defaults().withRejectOldSamples(false).withIngestionRateMb(1 << 20)
                .withIngestionBurstSizeMb(1 << 20).withPerStreamRateLimit(1L << 40).withPerStreamRateLimitBurst(1L << 40);
        IngesterConfig ingester = IngesterConfig.defaults();
        return config.withAuthEnabled(true)
                .withServer(new ServerConfig("127.0.0.1", 0, "warn"))
                .withCommon(new CommonConfig(dir.toString(), CommonConfig.StorageConfig.defaults()))
                .withIngester(new IngesterConfig(ingester.chunkIdlePeriod(), ingester.maxChunkAge(),
                        ingester.chunkTargetSize(), WARMUP_BLOCK_SIZE, ingester.flushCheckPeriod(), "", true,
                        false, ingester.maxUnflushedBytes()))
                .withLimits(limits)
                .withQuerier(QuerierConfig.defaults())
                .withCompactor(CompactorConfig.defaults())
                .withCaches(CacheConfig.defaults());
    }

    private static void awaitReady(SigynServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!server.isReady()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("warm-up server not ready in 30 s");
            Thread.sleep(20);
        }
    }

    private static void send(PushClient client, PushBatches.Batch b) throws IOException {
        String error = client.send(b.tenant(), b.body());
        if (error != null) throw new IOException("warm-up push failed: " + error);
    }

    private static void push(String url) throws IOException, InterruptedException {
        Dataset dataset = DatasetGenerator.generate(SCALE);
        List<PushBatches.Batch> batches = PushBatches.encode(dataset, WARMUP_BATCH_BYTES);
        try (PushClient client = new PushClient(url, 1)) {
            // Each pair of batches is sent newest first: the older one's entries arrive late, as from agents that
            // push concurrently, and land in blocks that overlap in time the ones already cut.
            for (int i = 0; i < batches.size(); i += 2) {
                if (i + 1 < batches.size()) send(client, batches.get(i + 1));
                send(client, batches.get(i));
            }
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(HttpRequest.newBuilder(URI.create(url + "/flush")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }
}

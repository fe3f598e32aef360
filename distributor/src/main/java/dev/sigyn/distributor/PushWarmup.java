package dev.sigyn.distributor;

import com.google.protobuf.CodedOutputStream;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.ingester.Ingester;
import dev.sigyn.store.InMemoryBlobStore;
import dev.sigyn.store.TemporaryDirectories;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs synthetic protobuf+snappy pushes through the whole push path (decoder, validator, ingester, WAL, chunk
 * encoding, flush) before a server takes traffic, so that the JIT has compiled it by the first real push: cold, the
 * first pushes are several times slower and make up most of the p99 push latency of a freshly started server.
 *
 * <p>It leaves no trace: the pushes go to a private ingester whose WAL lives in a temporary directory (deleted
 * afterwards), whose chunks go to an in-memory store, and whose metrics go to a private registry.
 */
public final class PushWarmup {
    private static final Logger log = LoggerFactory.getLogger(PushWarmup.class);
    private static final String TENANT = "warmup";
    private static final int STREAMS = 14;
    /** Compressed bytes: a warm-up stream (~23,000 lines) fills several. */
    private static final long WARMUP_CHUNK_TARGET_BYTES = 64 << 10;

    private PushWarmup() {}

    /** Pushes {@code pushes} bodies of about {@code linesPerPush} lines from {@code threads} threads. */
    public static void run(SigynConfig config, int pushes, int linesPerPush, int threads) {
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sigyn-warmup");
            SigynConfig cfg = config.withLimits(config.limits().withIngestionRateMb(1 << 20)
                    .withIngestionBurstSizeMb(1 << 20).withPerStreamRateLimit(1L << 40)
                    .withPerStreamRateLimitBurst(1L << 40));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // Chunks much smaller than a real server's, so that they fill up (a branch real pushes take now and then;
            // never taken here, it was compiled as a trap that a real push's first full chunk hit, see pushRareCases).
            try (Ingester ingester = new Ingester(cfg.ingester().withWalEnabled(true).withFlushOnShutdown(false)
                    .withChunkTargetSize(WARMUP_CHUNK_TARGET_BYTES),
                    cfg.limits(), dir.resolve("wal"), new InMemoryBlobStore(), "warmup", registry, Clock.systemUTC())) {
                ingester.start();
                PushHandler handler = new PushHandler(ingester, tenant -> cfg.limits(), BodyLimits.DEFAULTS,
                        InstantSource.system(), new DistributorMetrics(registry));
                AtomicInteger next = new AtomicInteger();
                Thread[] workers = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    SplittableRandom random = new SplittableRandom(t);
                    workers[t] = new Thread(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < pushes) {
                            byte[] body = body(random, linesPerPush, System.currentTimeMillis() * 1_000_000L, "warmup");
                            if (i % 4 == 1) pushFromNewThread(handler, body);
                            else push(handler, body);
                            if (i % 4 == 3) pushRareCases(handler, random, i);
                            if (i % 20 == 19) flushQuietly(ingester);
                        }
                    }, "sigyn-push-warmup-" + t);
                    workers[t].start();
                }
                for (Thread w : workers) w.join();
                ingester.flushAll();
            }
            // The warm-up's garbage made the heap grow; give that memory back before real work starts.
            System.gc();
            log.info("push path warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("push warm-up failed (harmless: the first pushes are only slower)", e);
        } finally {
            if (dir != null && !TemporaryDirectories.deleteQuietly(dir)) log.debug("could not delete {}", dir);
        }
    }

    private static void push(PushHandler handler, byte[] body) {
        PushReply reply = handler.handle(TENANT, new PushBody("application/x-protobuf", "", false, body, body.length));
        if (reply.status() != 204) log.debug("warm-up push answered {}: {}", reply.status(), reply.message());
    }

    /**
     * Branches that real traffic takes only now and then: the first entries of new streams, and a push whose every
     * entry is a duplicate (a retried push; nothing is accepted). The JIT compiles a branch it never saw taken as a
     * trap: the first push taking it throws the compiled push path away, and it runs slowly until C2 compiles it
     * again ({@code -XX:+PrintCompilation} showed {@code Stream.push} "made not entrant: uncommon trap" by the query
     * warm-up's first pushes to new streams, so real pushes met it half-compiled). Taken here, they are compiled in.
     */
    private static void pushRareCases(PushHandler handler, SplittableRandom random, int round) {
        byte[] fresh = body(random, 2 * STREAMS, System.currentTimeMillis() * 1_000_000L, "warmup-" + round);
        push(handler, fresh);
        push(handler, fresh);
    }

    /**
     * A real server's worker threads each start with a small WAL encode buffer ({@code WriteAheadLog}), which grows
     * on the thread's first push. Grown only on the warm-up threads' first pushes, before the JIT profiled it, the
     * growth looked never taken and was compiled as a trap: a real server's first pushes then threw the compiled WAL
     * encoder away ({@code -Xlog:deoptimization=debug}: {@code ByteSink.ensure} "unstable_if" in
     * {@code WalCodec.writeEntries}). A push from a new thread grows a new buffer, so growth happens throughout the
     * warm-up and is compiled in.
     */
    private static void pushFromNewThread(PushHandler handler, byte[] body) {
        Thread t = new Thread(() -> push(handler, body), "sigyn-push-warmup-new");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void flushQuietly(Ingester ingester) {
        try {
            ingester.flushAll();
        } catch (IOException e) {
            log.debug("warm-up flush failed", e);
        }
    }

    /**
     * A snappy-compressed PushRequest (Loki's push.proto) with log-like lines spread over a few streams, all with
     * the label {@code job=<job>}.
     */
    static byte[] body(SplittableRandom random, int lines, long nowNanos, String job) {
        try {
            return bodyOrThrow(random, lines, nowNanos, job);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    private static byte[] bodyOrThrow(SplittableRandom random, int lines, long nowNanos, String job) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines * 160);
        CodedOutputStream request = CodedOutputStream.newInstance(out);
        int perStream = Math.max(1, lines / STREAMS);
        for (int s = 0; s < STREAMS; s++) {
            ByteArrayOutputStream streamBytes = new ByteArrayOutputStream(perStream * 160);
            CodedOutputStream stream = CodedOutputStream.newInstance(streamBytes);
            stream.writeString(1, "{app=\"app" + s + "\", env=\"" + (s % 2 == 0 ? "prod" : "dev") + "\", job=\"" + job + "\"}");
            long ts = nowNanos - 60_000_000_000L;
            byte[] entry = null;
            for (int i = 0; i < perStream; i++) {
                // Like real pushes: now and then a duplicate (dropped) or a slightly late entry, non-ASCII text.
                if (entry == null || random.nextInt(50) != 0) {
                    ts += 1 + random.nextInt(4_000_000);
                    String line = line(random);
                    if (random.nextInt(7) == 0) line += " caf\u00e9 \u00fcber \u2713";
                    entry = entry(random.nextInt(30) == 0 ? ts - 1_000_000_000L : ts, line);
                }
                stream.writeTag(2, 2);
                stream.writeUInt32NoTag(entry.length);
                stream.writeRawBytes(entry);
            }
            stream.flush();
            request.writeByteArray(1, streamBytes.toByteArray());
        }
        request.flush();
        return Snappy.compress(out.toByteArray());
    }

    private static byte[] entry(long ts, String line) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(line.length() + 24);
        CodedOutputStream e = CodedOutputStream.newInstance(b);
        ByteArrayOutputStream tsBytes = new ByteArrayOutputStream(16);
        CodedOutputStream t = CodedOutputStream.newInstance(tsBytes);
        t.writeInt64(1, ts / 1_000_000_000L);
        t.writeInt32(2, (int) (ts % 1_000_000_000L));
        t.flush();
        e.writeByteArray(1, tsBytes.toByteArray());
        e.writeByteArray(2, line.getBytes(StandardCharsets.UTF_8));
        e.flush();
        return b.toByteArray();
    }

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] PATHS = {"/api/users", "/api/orders", "/login", "/static/app.js", "/health"};

    private static String line(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> "10.0." + r.nextInt(256) + "." + r.nextInt(256) + " - - \"" + METHODS[r.nextInt(4)] + " "
                    + PATHS[r.nextInt(5)] + "/" + r.nextInt(100000) + " HTTP/1.1\" " + (200 + r.nextInt(4) * 100)
                    + " " + r.nextInt(50000) + " \"Mozilla/5.0\" " + r.nextInt(2000) / 1000.0;
            case 1 -> "{\"level\":\"" + (r.nextInt(10) == 0 ? "error" : "info") + "\",\"msg\":\"request done\",\"latency_ms\":"
                    + r.nextInt(900) + ",\"user\":\"u" + r.nextInt(10000) + "\",\"trace\":\"" + Long.toHexString(r.nextLong()) + "\"}";
            default -> "level=" + (r.nextBoolean() ? "info" : "warn") + " queue=q" + r.nextInt(8) + " job_id="
                    + r.nextInt(1_000_000) + " duration=" + r.nextInt(5000) + "ms msg=\"job finished\"";
        };
    }
}

package dev.sigyn.ingester;

import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.InMemoryBlobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/** Builds ingesters for tests: a WAL directory, an in-memory store, a fake clock and small, explicit settings. */
final class Fixture {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final long T0_NANOS = T0.getEpochSecond() * 1_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    final Path walDir;
    final BlobStore store;
    final FakeClock clock = new FakeClock(T0);
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    IngesterConfig cfg = IngesterConfig.defaults().withFlushCheckPeriod(Duration.ofHours(1));
    LimitsConfig limits = LimitsConfig.defaults();
    long walSegmentBytes = 128L << 20;

    Fixture(Path walDir) {
        this(walDir, new InMemoryBlobStore());
    }

    Fixture(Path walDir, BlobStore store) {
        this.walDir = walDir;
        this.store = store;
    }

    Fixture chunkSizes(long blockSize, long targetSize) {
        cfg = cfg.withChunkTargetSize(targetSize).withChunkBlockSize(blockSize);
        return this;
    }

    Fixture periods(Duration idle, Duration maxAge) {
        cfg = cfg.withChunkIdlePeriod(idle).withMaxChunkAge(maxAge);
        return this;
    }

    Fixture wal(boolean enabled, boolean flushOnShutdown) {
        cfg = cfg.withWalEnabled(enabled).withFlushOnShutdown(flushOnShutdown);
        return this;
    }

    Fixture streamLimits(int maxStreams, long perStreamRate, long perStreamBurst) {
        limits = limits.withMaxGlobalStreamsPerUser(maxStreams).withPerStreamRateLimit(perStreamRate)
                .withPerStreamRateLimitBurst(perStreamBurst);
        return this;
    }

    /** A started ingester on this fixture's directory and store (a second call simulates a restart). */
    Ingester start() throws IOException {
        // Limits are read at each push, so that a test may change them while the ingester runs.
        Ingester ing = new Ingester(cfg, tenant -> limits, walDir, store, "ingester-1", metrics, clock,
                ForkJoinPool.commonPool(), walSegmentBytes);
        ing.start();
        return ing;
    }

    static Labels labels(String... nv) {
        return Labels.of(nv);
    }

    static Entry entry(long secondsAfterT0, String line) {
        return new Entry(T0_NANOS + secondsAfterT0 * SECOND, line);
    }

    static PushOutcome push(Ingester ing, String tenant, Labels labels, Entry... entries) throws IOException {
        return ing.push(new PushRequest(tenant, List.of(new StreamPush(labels, List.of(entries)))));
    }

    static StreamQuery query(Direction dir, int limit, LabelMatcher... matchers) {
        return new StreamQuery(List.of(matchers), LineFilter.ALL, T0_NANOS - 100 * 86_400 * SECOND,
                T0_NANOS + 100 * 86_400 * SECOND, dir, limit);
    }

    static LabelMatcher eq(String name, String value) {
        return LabelMatcher.of(name, LabelMatcher.Type.EQ, value);
    }

    /** The lines of all streams' entries, stream after stream. */
    static List<String> lines(List<StreamResult> results) {
        List<String> out = new ArrayList<>();
        for (StreamResult r : results) for (Entry e : r.entries()) out.add(e.line());
        return out;
    }

    static List<String> allLines(Ingester ing, String tenant) throws IOException {
        return lines(CollectedStreams.scan(ing, tenant, query(Direction.FORWARD, 0)));
    }
}

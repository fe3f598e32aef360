package dev.sigyn.compactor;

import dev.sigyn.compactor.deletion.DeleteRequest;
import dev.sigyn.compactor.deletion.DeleteRequests;
import dev.sigyn.config.CompactorConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.RetentionStream;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.ObjectKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactorTest {
    private static final long DAY = Bucket.DAY;
    private static final long HOUR = DAY / 24;
    private static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;
    private static final long TODAY = ObjectKeys.period(NOW_NS);
    private static final Labels WEB = Labels.of("app", "web");
    private static final Labels DEV = Labels.of("app", "web", "env", "dev");

    private final Bucket bucket = new Bucket();
    private final TestClock clock = new TestClock(NOW);
    private final DeleteRequests deletes = new DeleteRequests(bucket.store, clock, Duration.ZERO);

    private Compactor compactor(CompactorConfig config, LimitsConfig limits) {
        return compactor(config, TenantLimits.fixed(limits));
    }

    private Compactor compactor(CompactorConfig config, TenantLimits limits) {
        return new Compactor(bucket.store, config, limits, deletes, new SimpleMeterRegistry(), clock);
    }

    private static CompactorConfig retentionOn() {
        return CompactorConfig.defaults().withRetentionEnabled(true).withRetentionDeleteDelay(Duration.ZERO)
                .withDeleteRequestCancelPeriod(Duration.ofMinutes(10));
    }

    @Test
    void mergesTheIndexFilesOfEachTenantAndDayIntoOneAndReadersSeeTheSameData() throws Exception {
        bucket.flush("a", WEB, NOW_NS - 3 * HOUR, "one");
        bucket.flush("a", WEB, NOW_NS - 2 * HOUR, "two");
        bucket.flush("a", DEV, NOW_NS - HOUR, "three");
        bucket.flush("a", WEB, NOW_NS - DAY, "yesterday");
        bucket.flush("b", WEB, NOW_NS - HOUR, "other tenant");
        Map<Labels, List<Entry>> before = bucket.read("a");
        List<ChunkRef> webRefs = bucket.chunkRefs("a", WEB);

        CompactionSummary s = compactor(CompactorConfig.defaults(), LimitsConfig.defaults()).runOnce();

        assertEquals(1, bucket.indexFiles("a", TODAY).size());
        assertEquals(1, bucket.indexFiles("a", TODAY - 1).size());
        assertEquals(1, bucket.indexFiles("b", TODAY).size());
        assertTrue(bucket.indexFiles("a", TODAY).getFirst().contains("/compactor-"), "merged file is written by the compactor");
        assertEquals(before, bucket.read("a"));
        assertEquals(webRefs, bucket.chunkRefs("a", WEB), "the merged file keeps each chunk's counters");
        assertEquals(3, s.indexFilesMerged());
        assertEquals(1, s.indexFilesWritten());
        assertEquals(List.of("other tenant"), bucket.read("b").get(WEB).stream().map(Entry::line).toList());
    }

    @Test
    void aSecondPassWithNothingNewLeavesTheIndexAlone() throws Exception {
        bucket.flush("a", WEB, NOW_NS - 3 * HOUR, "one");
        bucket.flush("a", WEB, NOW_NS - 2 * HOUR, "two");
        Compactor c = compactor(CompactorConfig.defaults(), LimitsConfig.defaults());
        c.runOnce();
        List<String> compacted = bucket.indexFiles("a", TODAY);

        CompactionSummary again = c.runOnce();

        assertEquals(0, again.indexFilesMerged());
        assertEquals(compacted, bucket.indexFiles("a", TODAY));
    }

    @Test
    void retentionRemovesChunksWhoseNewestLineIsOlderThanThePeriod() throws Exception {
        ChunkRef old = bucket.flush("a", WEB, NOW_NS - 10 * DAY, "old", NOW_NS - 9 * DAY, "still old");
        ChunkRef straddling = bucket.flush("a", WEB, NOW_NS - 8 * DAY, "older than 7d", NOW_NS - 6 * DAY, "younger");
        bucket.flush("a", WEB, NOW_NS - HOUR, "new");
        LimitsConfig limits = LimitsConfig.defaults().withRetentionPeriod(Duration.ofDays(7));

        CompactionSummary s = compactor(retentionOn(), limits).runOnce();

        assertEquals(List.of("older than 7d", "younger", "new"), bucket.read("a").get(WEB).stream().map(Entry::line).toList(),
                "whole chunks go: a chunk with a line younger than the period stays whole");
        assertFalse(bucket.chunkObjects("a").contains(old.key()));
        assertTrue(bucket.chunkObjects("a").contains(straddling.key()));
        assertEquals(1, s.chunksExpired());
        assertEquals(1, s.chunkObjectsDeleted());
        for (long p = ObjectKeys.period(old.fromNanos()); p <= ObjectKeys.period(old.throughNanos()); p++) {
            assertEquals(List.of(), bucket.indexFiles("a", p), "an index left with no chunk is removed");
        }
    }

    @Test
    void theHighestPriorityStreamRuleWinsOverTheGlobalPeriod() throws Exception {
        bucket.flush("a", WEB, NOW_NS - 3 * DAY, "prod line");
        bucket.flush("a", DEV, NOW_NS - 3 * DAY, "dev line");
        LimitsConfig limits = LimitsConfig.defaults().withRetentionPeriod(Duration.ofDays(1)).withRetentionStream(List.of(
                new RetentionStream("{app=\"web\"}", 1, Duration.ofDays(30)),
                new RetentionStream("{env=\"dev\"}", 2, Duration.ofDays(2))));

        compactor(retentionOn(), limits).runOnce();

        Map<Labels, List<Entry>> left = bucket.read("a");
        assertEquals(List.of(WEB), List.copyOf(left.keySet()));
    }

    @Test
    void withRetentionDisabledNothingIsDeleted() throws Exception {
        bucket.flush("a", WEB, NOW_NS - 30 * DAY, "ancient");
        LimitsConfig limits = LimitsConfig.defaults().withRetentionPeriod(Duration.ofDays(1));

        compactor(CompactorConfig.defaults(), limits).runOnce();

        assertEquals(1, bucket.read("a").get(WEB).size());
    }

    @Test
    void chunkObjectsStayUntilTheDeleteDelayHasPassed() throws Exception {
        ChunkRef old = bucket.flush("a", WEB, NOW_NS - 10 * DAY, "old");
        LimitsConfig limits = LimitsConfig.defaults().withRetentionPeriod(Duration.ofDays(7));
        Compactor c = compactor(retentionOn().withRetentionDeleteDelay(Duration.ofHours(2)), limits);

        c.runOnce();
        assertEquals(Map.of(), bucket.read("a"), "gone from the index at once");
        assertTrue(bucket.chunkObjects("a").contains(old.key()), "still in the bucket during the delay");

        clock.advance(Duration.ofHours(2));
        CompactionSummary later = c.runOnce();
        assertFalse(bucket.chunkObjects("a").contains(old.key()));
        assertEquals(1, later.chunkObjectsDeleted());
    }

    @Test
    void aDeleteRequestIsProcessedAfterItsCancelPeriodAndRewritesTheChunks() throws Exception {
        ChunkRef mixed = bucket.flush("a", WEB, NOW_NS - 3 * HOUR, "keep 1", NOW_NS - 2 * HOUR, "secret 2", NOW_NS - HOUR, "keep 3");
        bucket.flush("a", DEV, NOW_NS - 2 * HOUR, "secret in another stream");
        DeleteRequest r = deletes.create("a", "{app=\"web\", env=\"\"} |= \"secret\"", 0, NOW.toEpochMilli());
        Compactor c = compactor(retentionOn(), LimitsConfig.defaults());

        c.runOnce();
        assertEquals(DeleteRequest.Status.RECEIVED, deletes.list("a").getFirst().status(), "still cancellable");
        assertTrue(bucket.linesInChunkObjects("a").contains("secret 2"));

        clock.advance(Duration.ofMinutes(10));
        CompactionSummary s = c.runOnce();

        assertEquals(DeleteRequest.Status.PROCESSED, deletes.list("a").getFirst().status());
        assertEquals(r.requestId(), deletes.list("a").getFirst().requestId());
        assertEquals(1, s.deleteRequestsProcessed());
        assertEquals(1, s.chunksRewritten());
        assertEquals(List.of("keep 1", "keep 3"), bucket.read("a").get(WEB).stream().map(Entry::line).toList());
        ChunkRef rewritten = bucket.chunkRefs("a", WEB).getFirst();
        assertEquals(2, rewritten.entries());
        assertEquals("keep 1keep 3".length(), rewritten.lineBytes(), "index/stats counts what is left");
        assertEquals(List.of("secret in another stream"), bucket.read("a").get(DEV).stream().map(Entry::line).toList());
        assertFalse(bucket.chunkObjects("a").contains(mixed.key()), "the original chunk is deleted");
        assertFalse(bucket.linesInChunkObjects("a").contains("secret 2"));
        assertEquals(DeleteRequests.CancelOutcome.ALREADY_PROCESSING, deletes.cancel("a", r.requestId()));
    }

    @Test
    void aChunkCrossingMidnightIsReplacedInBothDays() throws Exception {
        long midnight = TODAY * DAY;
        bucket.flush("a", WEB, midnight - HOUR, "before midnight", midnight + HOUR, "after midnight secret");
        bucket.flush("a", WEB, midnight - 2 * HOUR, "only yesterday");
        deletes.create("a", "{app=\"web\"} |= \"secret\"", (midnight / 1_000_000), NOW.toEpochMilli());
        clock.advance(Duration.ofMinutes(10));

        compactor(retentionOn(), LimitsConfig.defaults()).runOnce();

        assertEquals(List.of("only yesterday", "before midnight"), bucket.read("a").get(WEB).stream().map(Entry::line).toList());
        assertEquals(1, bucket.indexFiles("a", TODAY - 1).size());
        assertEquals(List.of(), bucket.indexFiles("a", TODAY), "the rewritten chunk no longer reaches into today");
        assertEquals(2, bucket.chunkObjects("a").size());
    }

    @Test
    void aDayThatNeededNoWorkIsRewrittenWhenOneOfItsChunksChanges() throws Exception {
        long midnight = TODAY * DAY;
        ChunkRef crossing = bucket.flush("a", WEB, midnight - HOUR, "before midnight secret", midnight + HOUR, "after midnight");
        bucket.flush("a", WEB, midnight - 2 * HOUR, "only yesterday");
        // The request covers yesterday only; today's single index file lists the chunk all the same.
        deletes.create("a", "{app=\"web\"} |= \"secret\"", (midnight - 3 * HOUR) / 1_000_000, midnight / 1_000_000 - 1);
        clock.advance(Duration.ofMinutes(10));

        compactor(retentionOn(), LimitsConfig.defaults()).runOnce();

        assertEquals(List.of("only yesterday", "after midnight"), bucket.read("a").get(WEB).stream().map(Entry::line).toList());
        assertFalse(bucket.chunkObjects("a").contains(crossing.key()), "no index lists the original any more");
        assertTrue(bucket.indexFiles("a", TODAY).getFirst().contains("/compactor-"));
    }

    @Test
    void aPeriodThatCannotBeReadKeepsTheRequestReceivedAndTheChunks() throws Exception {
        long midnight = TODAY * DAY;
        ChunkRef crossing = bucket.flush("a", WEB, midnight - HOUR, "secret before", midnight + HOUR, "after");
        String todaysFile = bucket.indexFiles("a", TODAY).getFirst();
        bucket.store.put(todaysFile, "not an index file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        deletes.create("a", "{app=\"web\"} |= \"secret\"", 0, NOW.toEpochMilli());
        clock.advance(Duration.ofMinutes(10));

        CompactionSummary s = compactor(retentionOn(), LimitsConfig.defaults()).runOnce();

        assertEquals(1, s.failedTenants());
        assertEquals(0, s.deleteRequestsProcessed());
        assertEquals(DeleteRequest.Status.RECEIVED, deletes.list("a").getFirst().status(), "retried on the next pass");
        assertTrue(bucket.chunkObjects("a").contains(crossing.key()), "today's index may still list the original");
    }

    @Test
    void aRequestWithoutFiltersCoveringWholeChunksDeletesThem() throws Exception {
        bucket.flush("a", DEV, NOW_NS - 5 * HOUR, "dev 1", NOW_NS - 4 * HOUR, "dev 2");
        bucket.flush("a", WEB, NOW_NS - 4 * HOUR, "web");
        deletes.create("a", "{env=\"dev\"}", 0, NOW.toEpochMilli());
        clock.advance(Duration.ofMinutes(10));

        CompactionSummary s = compactor(retentionOn(), LimitsConfig.defaults()).runOnce();

        assertEquals(List.of(WEB), List.copyOf(bucket.read("a").keySet()));
        assertEquals(1, s.chunksDeleted());
        assertEquals(1, bucket.chunkObjects("a").size());
    }

    @Test
    void aCancelledRequestIsNeverProcessed() throws Exception {
        bucket.flush("a", WEB, NOW_NS - HOUR, "secret");
        DeleteRequest r = deletes.create("a", "{app=\"web\"}", 0, NOW.toEpochMilli());
        assertEquals(DeleteRequests.CancelOutcome.CANCELLED, deletes.cancel("a", r.requestId()));
        clock.advance(Duration.ofMinutes(10));

        compactor(retentionOn(), LimitsConfig.defaults()).runOnce();

        assertEquals(List.of(), deletes.list("a"));
        assertEquals(List.of("secret"), bucket.read("a").get(WEB).stream().map(Entry::line).toList());
        assertEquals(DeleteRequests.CancelOutcome.NOT_FOUND, deletes.cancel("a", r.requestId()));
    }

    @Test
    void eachTenantKeepsItsLinesForItsOwnRetentionPeriodAsItIsAtThePass() throws Exception {
        bucket.flush("a", WEB, NOW_NS - 10 * DAY, "a: ten days old");
        bucket.flush("b", WEB, NOW_NS - 10 * DAY, "b: ten days old");
        AtomicReference<Duration> bRetention = new AtomicReference<>(Duration.ZERO);
        Compactor c = compactor(retentionOn(), tenant -> LimitsConfig.defaults().withRetentionPeriod(
                tenant.equals("a") ? Duration.ofDays(7) : bRetention.get()));

        c.runOnce();
        assertEquals(null, bucket.read("a").get(WEB), "tenant a keeps 7 days");
        assertEquals(1, bucket.read("b").get(WEB).size(), "tenant b keeps everything");

        bRetention.set(Duration.ofDays(7));
        c.runOnce();
        assertEquals(null, bucket.read("b").get(WEB), "tenant b's new retention applies at the next pass");
    }

    @Test
    void passesRunAtStartAndThenEveryCompactionInterval() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Compactor c = new Compactor(bucket.store, CompactorConfig.defaults()
                .withCompactionInterval(Duration.ofMillis(50)), TenantLimits.fixed(LimitsConfig.defaults()), deletes,
                registry, clock)) {
            c.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (passes(registry) < 3 && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(passes(registry) >= 3, "passes every 50 ms: " + passes(registry));
        }
        SimpleMeterRegistry hourly = new SimpleMeterRegistry();
        try (Compactor c = new Compactor(bucket.store, CompactorConfig.defaults()
                .withCompactionInterval(Duration.ofHours(1)), TenantLimits.fixed(LimitsConfig.defaults()), deletes,
                hourly, clock)) {
            c.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (passes(hourly) < 1 && System.nanoTime() < deadline) Thread.sleep(10);
            Thread.sleep(300);
            assertEquals(1, passes(hourly), "only the pass at start within the first hour");
        }
    }

    private static double passes(SimpleMeterRegistry registry) {
        return registry.get("sigyn.compactor.runs").tag("status", "success").counter().count();
    }
}

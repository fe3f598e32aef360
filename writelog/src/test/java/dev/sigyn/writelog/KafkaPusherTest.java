package dev.sigyn.writelog;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.ingester.EncodedEntries;
import dev.sigyn.ingester.PushOutcome;
import dev.sigyn.ingester.PushRequest;
import dev.sigyn.ingester.PushUnavailableException;
import dev.sigyn.ingester.StreamPush;
import dev.sigyn.kafka.testkit.KafkaCluster;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushes through the write log's producer to real brokers, and what the client hears. */
class KafkaPusherTest {
    static final long T0 = 1_793_494_800_000_000_000L; // 2026-11-01T01:00:00Z
    private static final TenantLimits NO_STREAM_LIMIT = TenantLimits.fixed(LimitsConfig.defaults().withPerStreamRateLimit(0));
    private static KafkaCluster cluster;

    @BeforeAll
    static void startKafka() {
        cluster = SharedKafka.cluster();
    }


    @Test
    void anAcknowledgedPushIsInTheTopicOneRecordPerStreamOnTheStreamsPartition() throws Exception {
        KafkaConfig cfg = TestKafkaConfig.of(cluster.bootstrapServers(), "acked").build();
        int partitions = TopicSetup.ensure(cfg, IngesterConfig.defaults());
        List<StreamPush> streams = List.of(
                encoded(Labels.of("app", "web", "env", "prod"), entries("GET /", 20)),
                new StreamPush(Labels.of("app", "db"), List.of(
                        new Entry(T0, "slow query", Labels.of("trace_id", "abc")), new Entry(T0 + 1, "ok", Labels.EMPTY))),
                encoded(Labels.of("app", "cache"), entries("miss ü", 3)));

        try (KafkaPusher pusher = pusher(cfg, partitions, NO_STREAM_LIMIT, 1)) {
            PushOutcome outcome = pusher.push(new PushRequest("tenant-a", streams));

            assertEquals(new PushOutcome(25, List.of(), List.of()), outcome);
            assertNull(pusher.refusal());
        }
        List<TopicReader.Read> reads = TopicReader.readAll(cluster.bootstrapServers(), "acked");
        assertEquals(3, reads.size());
        for (StreamPush s : streams) {
            TopicReader.Read r = reads.stream().filter(x -> x.record().labels().equals(s.labels())).findFirst().orElseThrow();
            assertEquals(Partitioner.partition("tenant-a", s.labels(), partitions), r.partition(), s.labels().toString());
            assertEquals("tenant-a", r.record().tenant());
            assertEquals(texts(s.entries()), chunkTexts(r.record().entries()));
        }
    }

    @Test
    void aLargeStreamIsSplitInOrderIntoRecordsUnderTheSizeLimit() throws Exception {
        KafkaConfig cfg = TestKafkaConfig.of(cluster.bootstrapServers(), "split").maxRecordBytes(10_000).build();
        int partitions = TopicSetup.ensure(cfg, IngesterConfig.defaults());
        Labels labels = Labels.of("app", "big");
        List<Entry> entries = IntStream.range(0, 200)
                .mapToObj(i -> new Entry(T0 + i, i + " " + "x".repeat(480), Labels.EMPTY)).toList();

        try (KafkaPusher pusher = pusher(cfg, partitions, NO_STREAM_LIMIT, 1)) {
            assertEquals(200, pusher.push(new PushRequest("t", List.of(encoded(labels, entries)))).accepted());
        }

        List<TopicReader.Read> reads = TopicReader.readAll(cluster.bootstrapServers(), "split");
        assertTrue(reads.size() >= 10, reads.size() + " records");
        List<ChunkEntry> joined = new ArrayList<>();
        for (TopicReader.Read r : reads.stream().sorted((a, b) -> Long.compare(a.offset(), b.offset())).toList()) {
            assertTrue(r.sizeBytes() <= 10_000, r.sizeBytes() + " bytes");
            assertEquals(Partitioner.partition("t", labels, partitions), r.partition());
            joined.addAll(r.record().entries());
        }
        assertEquals(texts(entries), chunkTexts(joined));
    }

    @Test
    void eachOfTwoDistributorsAllowsAStreamHalfItsRateLimitAndReportsTheRestAsTheIngesterDoes() throws Exception {
        KafkaConfig cfg = TestKafkaConfig.of(cluster.bootstrapServers(), "limited").build();
        int partitions = TopicSetup.ensure(cfg, IngesterConfig.defaults());
        // 1000 bytes/s over the cluster, burst 1000 bytes; every entry is 100 bytes
        TenantLimits limits = TenantLimits.fixed(LimitsConfig.defaults().withPerStreamRateLimit(1000)
                .withPerStreamRateLimitBurst(1000));
        Labels labels = Labels.of("app", "web");
        MutableClock clock = new MutableClock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (KafkaPusher alone = new KafkaPusher(cfg, partitions, limits, () -> 1, new SimpleMeterRegistry(), clock);
             KafkaPusher half = new KafkaPusher(cfg, partitions, limits, () -> 2, registry, clock)) {
            for (KafkaPusher p : List.of(alone, half)) {
                assertEquals(10, p.push(request(labels, 0, 10)).accepted(), "the whole burst");
            }
            clock.advance(Duration.ofSeconds(1));

            assertEquals(new PushOutcome(10, List.of(), List.of()), alone.push(request(labels, 10, 10)));
            PushOutcome limited = half.push(request(labels, 20, 10));

            assertEquals(5, limited.accepted());
            assertEquals(List.of(), limited.badEntries());
            String reason = "Per stream rate limit exceeded (limit: 500B/sec) while attempting to ingest for stream"
                    + " '{app=\"web\"}' totaling 100B, consider splitting a stream via additional labels or contact your"
                    + " Loki administrator to see if the limit can be increased";
            StringBuilder expected = new StringBuilder();
            for (int i = 25; i < 30; i++) {
                expected.append("entry with timestamp ").append(dev.sigyn.format.Timestamps.goString(T0 + i))
                        .append(" ignored, reason: '").append(reason).append("',\n");
            }
            expected.append("user 't', total ignored: 5 out of 10 for stream: {app=\"web\"}");
            assertEquals(List.of(expected.toString()), limited.limitErrors());
            assertEquals(5, registry.find("sigyn.distributor.discarded.lines").tags("tenant", "t",
                    "reason", "per_stream_rate_limit").counter().count());
        }
        // Only what the client was told was taken is in the write log.
        assertEquals(35, TopicReader.readAll(cluster.bootstrapServers(), "limited").stream()
                .mapToInt(r -> r.record().entries().size()).sum());
    }

    @Test
    void withKafkaNotRunningAPushFailsWithinWriteTimeoutSayingWhyAndLaterOnesAreRefusedAtOnce() throws Exception {
        String nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = "127.0.0.1:" + s.getLocalPort();
        }
        KafkaConfig cfg = TestKafkaConfig.of(nobody, "sigyn").build(); // write_timeout 3s
        try (KafkaPusher pusher = pusher(cfg, 4, NO_STREAM_LIMIT, 1)) {
            long t0 = System.nanoTime();
            PushUnavailableException e = assertThrows(PushUnavailableException.class,
                    () -> pusher.push(request(Labels.of("app", "web"), 0, 3)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertTrue(millis < 5_000, "took " + millis + " ms");
            assertTrue(e.getMessage().startsWith("the write log (Kafka at " + nobody + ") did not acknowledge the push"
                    + " within 3s: "), e.getMessage());
            assertTrue(e.getMessage().contains(" within 3s: no broker reachable ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("); nothing was acknowledged, retry"), e.getMessage());
            assertEquals(e.getMessage(), pusher.refusal());
        }
    }

    static KafkaPusher pusher(KafkaConfig cfg, int partitions, TenantLimits limits, int distributors) {
        return new KafkaPusher(cfg, partitions, limits, () -> distributors, new SimpleMeterRegistry());
    }

    /** A push of {@code n} entries of 100 bytes to one stream, timestamps T0 + from, T0 + from + 1, ... */
    static PushRequest request(Labels labels, int from, int n) {
        List<Entry> entries = IntStream.range(from, from + n)
                .mapToObj(i -> new Entry(T0 + i, String.format("%-100d", i), Labels.EMPTY)).toList();
        return new PushRequest("t", List.of(encoded(labels, entries)));
    }

    static StreamPush encoded(Labels labels, List<Entry> entries) {
        EncodedEntries.Builder b = new EncodedEntries.Builder(entries.size());
        entries.forEach(b::add);
        return new StreamPush(labels, b.build());
    }

    private static List<Entry> entries(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new Entry(T0 + i, prefix + " " + i, Labels.EMPTY)).toList();
    }

    static List<String> texts(List<Entry> entries) {
        return entries.stream().map(e -> e.timestampNanos() + " " + e.line() + " " + e.structuredMetadata()).toList();
    }

    static List<String> chunkTexts(List<ChunkEntry> entries) {
        return entries.stream().map(e -> e.timestampNanos() + " " + new String(e.line(), StandardCharsets.UTF_8) + " "
                + e.structuredMetadata()).toList();
    }
}

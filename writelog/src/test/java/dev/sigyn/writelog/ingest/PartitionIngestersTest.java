package dev.sigyn.writelog.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.kafka.testkit.KafkaCluster;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.store.InMemoryBlobStore;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.writelog.Partitioner;
import dev.sigyn.writelog.StreamRecord;
import dev.sigyn.writelog.StreamRecordCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The ingesters' side of the write log against a real broker: partitions are taken over from the committed offset
 * and snapshot, after a clean hand-over and after an owner stopped without one, and every record ends up in memory
 * exactly once.
 */
class PartitionIngestersTest {
    private static final int PARTITIONS = 2;
    private static final List<Labels> STREAMS = List.of(Labels.of("app", "a"), Labels.of("app", "b"),
            Labels.of("app", "c"), Labels.of("app", "d"));
    private static KafkaCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaCluster.builder().brokers(1).brokerProperty("group.initial.rebalance.delay.ms", "0")
                .brokerProperty("group.min.session.timeout.ms", "2000").start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aPartitionTakenOverHoldsEveryRecordOnceAfterAHandOverAndAfterAnOwnerThatStoppedWithoutOne() throws Exception {
        String topic = "takeover";
        createTopic(topic);
        InMemoryBlobStore store = new InMemoryBlobStore();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            produce(producer, topic, 0, 100);
            PartitionIngesters first = ingesters(topic, store, "first");
            first.start();
            awaitTrue(() -> first.servedPartitions().equals(Set.of(0, 1)), "the first ingester serves both partitions");
            awaitTrue(() -> lines(first).size() == 100, "the first ingester holds the first 100 lines");
            first.close(); // hands over: checkpoints both partitions

            produce(producer, topic, 100, 150);
            PartitionIngesters second = ingesters(topic, store, "second");
            second.start();
            awaitTrue(() -> second.servedPartitions().equals(Set.of(0, 1)), "the second ingester serves both partitions");
            awaitTrue(() -> lines(second).size() == 150, "the second ingester holds all 150 lines");
            assertEquals(expected(0, 150), sorted(lines(second)));
            // Records after the second's last checkpoint are replayed by the third; those before come from its snapshot.
            Thread.sleep(1500);
            produce(producer, topic, 150, 200);
            awaitTrue(() -> lines(second).size() == 200, "the second ingester holds all 200 lines");
            second.stopWithoutHandOver();

            PartitionIngesters third = ingesters(topic, store, "third");
            third.start();
            awaitTrue(() -> third.servedPartitions().equals(Set.of(0, 1)), "the third ingester takes both partitions over");
            awaitTrue(() -> lines(third).size() >= 200, "the third ingester holds all 200 lines");
            assertEquals(expected(0, 200), sorted(lines(third)), "every line once, none twice");
            third.close();
        }
    }

    @Test
    void aPartitionIsNotServedBeforeItCaughtUpWithTheLog() throws Exception {
        String topic = "catch-up";
        createTopic(topic);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            produce(producer, topic, 0, 50);
            PartitionIngesters ingesters = ingesters(topic, new InMemoryBlobStore(), "only");
            assertTrue(ingesters.servedPartitions().isEmpty());
            assertFalse(ingesters.notReady().isEmpty(), "not ready before it joined the group");
            ingesters.start();
            awaitTrue(() -> ingesters.servedPartitions().equals(Set.of(0, 1)), "both partitions served");
            assertEquals(50, lines(ingesters).size(), "served partitions hold everything up to the log's end");
            ingesters.close();
        }
    }

    private static PartitionIngesters ingesters(String topic, InMemoryBlobStore store, String name) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("client.id", "sigyn-ingester@" + name);
        p.put("session.timeout.ms", "3000");
        p.put("heartbeat.interval.ms", "500");
        p.put("max.poll.interval.ms", "4000");
        IngesterConfig cfg = IngesterConfig.defaults();
        return new PartitionIngesters(p, topic, topic + "-ingesters", Duration.ofSeconds(1), cfg,
                TenantLimits.fixed(LimitsConfig.defaults()), store, name, new SimpleMeterRegistry(), Clock.systemUTC(),
                Runnable::run);
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Lines {@code from} to {@code to - 1}, one per record, round robin over the streams. */
    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Labels stream = STREAMS.get(i % STREAMS.size());
            ChunkEntry e = new ChunkEntry(1_700_000_000_000_000_000L + i * 1_000_000L,
                    ("line " + i).getBytes(StandardCharsets.UTF_8), Labels.EMPTY);
            byte[] value = StreamRecordCodec.encode(new StreamRecord("tenant", stream, List.of(e)));
            int partition = Partitioner.partition("tenant", stream, PARTITIONS);
            producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> lines(PartitionIngesters ingesters) {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        ingesters.scan("tenant", new StreamQuery(List.of(), null, 0, Long.MAX_VALUE, Direction.FORWARD, 0),
                labels -> (ts, buf, off, len, md) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add("line " + i);
        return sorted(out);
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        Collections.sort(out);
        return out;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(100);
        }
    }
}

package dev.sigyn.kafka.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The write-log guarantees Sigyn relies on, checked against real brokers: RF 3, min.insync.replicas 2, acks=all. */
class KafkaClusterTest {
    private static final String TOPIC = "writes";
    private static final String GROUP = "ingesters";

    @Test
    void acknowledgedRecordsSurviveOneLostBrokerAndASecondLossRefusesWrites() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(3);
             Admin admin = admin(cluster);
             KafkaProducer<String, String> producer = producer(cluster, Duration.ofSeconds(30))) {
            createTopic(admin);

            assertAllAcknowledged(sendAll(producer, "a", 1000));
            assertEquals(values("a", 1000), consumeInGroup(cluster, "classic", 1000));

            cluster.stopBroker(0);
            assertAllAcknowledged(sendAll(producer, "b", 1000));
            // A new member of the group starts from the committed offsets: only the new records, each once.
            assertEquals(values("b", 1000), consumeInGroup(cluster, "classic", 1000));

            cluster.stopBroker(1);
            // One in-sync replica left, below min.insync.replicas: acks=all must fail, and within the bound set here.
            // (Kafka 4.1's producer retries NotEnoughReplicas until delivery.timeout.ms, then reports a timeout.)
            try (KafkaProducer<String, String> bounded = producer(cluster, Duration.ofSeconds(5))) {
                long t0 = System.nanoTime();
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> bounded.send(new ProducerRecord<>(TOPIC, "k", "c")).get(20, TimeUnit.SECONDS));
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(e.getCause() instanceof NotEnoughReplicasException
                        || e.getCause() instanceof NotEnoughReplicasAfterAppendException
                        || e.getCause() instanceof TimeoutException, () -> "unexpected failure: " + e.getCause());
                assertTrue(millis < 15_000, "the refusal took " + millis + " ms");
            }
        }
    }

    @Test
    void aKilledBrokerIsFencedAndComesBackWithItsData() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(3);
             Admin admin = admin(cluster);
             KafkaProducer<String, String> producer = producer(cluster, Duration.ofSeconds(30))) {
            createTopic(admin);
            assertAllAcknowledged(sendAll(producer, "a", 200));
            // (This also creates the group's offsets topic while all three brokers are there to hold it. This test's
            // group uses the newer consumer group protocol, the other test's the classic one: both work here.)
            assertEquals(values("a", 200), consumeInGroup(cluster, "consumer", 200));

            cluster.killBroker(2);
            assertFalse(cluster.isRunning(2));
            // Partitions it led are unavailable until the controller fences it; the producer's retries cover that.
            assertAllAcknowledged(sendAll(producer, "b", 200));

            cluster.startBroker(2);
            awaitFullIsr(admin, Duration.ofSeconds(30));
            cluster.stopBroker(0);
            cluster.stopBroker(1);
            // Broker 2 alone now leads every partition: it caught up on what was written while it was down.
            assertEquals(values("b", 200), consumeInGroup(cluster, "consumer", 200));
        }
    }

    @Test
    void aBrokerThatCannotStartFailsSayingWhy() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(1)) {
            int port = Integer.parseInt(cluster.bootstrapServers().replaceAll(".*:", ""));
            cluster.stopBroker(0);
            try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertTrue(squatter.isBound());
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cluster.startBroker(0));
                assertTrue(e.getMessage().startsWith("broker 0: port " + port + " stays taken"), e.getMessage());
                assertFalse(cluster.isRunning(0));
            }
            cluster.startBroker(0);
            assertTrue(cluster.isRunning(0));
        }
    }

    private static void createTopic(Admin admin) throws Exception {
        NewTopic topic = new NewTopic(TOPIC, 4, (short) 3).configs(Map.of("min.insync.replicas", "2"));
        admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }

    private static void awaitFullIsr(Admin admin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
            if (d.partitions().stream().allMatch(p -> p.isr().size() == 3)) return;
            if (System.nanoTime() > deadline) {
                fail("ISRs not full after " + timeout + ": " + d.partitions().stream()
                        .map(TopicPartitionInfo::toString).collect(Collectors.joining("; ")));
            }
            Thread.sleep(100);
        }
    }

    private static List<Future<RecordMetadata>> sendAll(KafkaProducer<String, String> producer, String batch, int n) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (String v : values(batch, n)) acks.add(producer.send(new ProducerRecord<>(TOPIC, v, v)));
        producer.flush();
        return acks;
    }

    private static void assertAllAcknowledged(List<Future<RecordMetadata>> acks) throws Exception {
        for (Future<RecordMetadata> ack : acks) assertTrue(ack.get(60, TimeUnit.SECONDS).hasOffset());
    }

    /**
     * Polls as a member of the group until {@code n} records came, committing after each poll; returns them sorted.
     * {@code protocol} is the consumer group protocol, "classic" or the newer "consumer" (KIP-848).
     */
    private static List<String> consumeInGroup(KafkaCluster cluster, String protocol, int n) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (got.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) got.add(r.value());
                consumer.commitSync(Duration.ofSeconds(30));
            }
        }
        got.sort(null);
        return got;
    }

    private static List<String> values(String batch, int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("%s-%04d", batch, i)).sorted().toList();
    }

    private static Admin admin(KafkaCluster cluster) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** An idempotent acks=all producer whose sends fail after {@code deliveryTimeout} at the latest. */
    private static KafkaProducer<String, String> producer(KafkaCluster cluster, Duration deliveryTimeout) {
        int timeout = (int) deliveryTimeout.toMillis();
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(timeout - 5, 10_000)),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(timeout),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(timeout)),
                new StringSerializer(), new StringSerializer());
    }
}

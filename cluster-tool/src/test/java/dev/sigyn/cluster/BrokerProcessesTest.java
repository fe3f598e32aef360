package dev.sigyn.cluster;

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
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's brokers: separate processes that form one cluster and survive the loss of any one of them. */
class BrokerProcessesTest {
    private static final String TOPIC = "writes";

    @Test
    void threeBrokerProcessesKeepAcknowledgingWritesWhileOneIsKilledAndTakeItBack(@TempDir Path dir) throws Exception {
        LocalCluster cluster = LocalCluster.up(dir, Options.brokersOnly(3).withStopWithJvm(true));
        List<Member> brokers = cluster.members();
        try (cluster) {
            assertEquals(List.of("broker-1", "broker-2", "broker-3"), brokers.stream().map(Member::name).toList());
            assertEquals(brokers.stream().map(Member::line).toList(), Files.readAllLines(dir.resolve("cluster.txt")));
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 3))).all().get(30, TimeUnit.SECONDS);
                try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                    send(producer, 0, 100);
                    cluster.kill("broker-2");
                    assertFalse(cluster.isRunning("broker-2"));
                    send(producer, 100, 200); // acks=all with min.insync.replicas=2: two of three suffice
                    cluster.start("broker-2");
                    assertTrue(cluster.isRunning("broker-2"));
                    awaitInEveryIsr(admin, 2);
                    cluster.kill("broker-3");
                    send(producer, 200, 300); // broker-2 is a full replica again
                    cluster.start("broker-3");
                }
                assertEquals(IntStream.range(0, 300).mapToObj(Integer::toString).collect(Collectors.toSet()),
                        consumeAll(bootstrap, 300));
            }
        }
        for (Member b : brokers) {
            long pid = cluster.member(b.name()).pid();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    b.name() + " (pid " + pid + ") is still running after down");
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends values from..to-1 and waits for each acknowledgement. */
    private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        var acks = new ArrayList<java.util.concurrent.Future<?>>();
        for (int i = from; i < to; i++) acks.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, Integer.toString(i))));
        for (var ack : acks) ack.get(40, TimeUnit.SECONDS);
    }

    private static Set<String> consumeAll(String bootstrap, int expected) {
        Set<String> seen = new java.util.HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) seen.add(r.value());
            }
        }
        return seen;
    }

    private static void awaitInEveryIsr(Admin admin, int nodeId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(TOPIC);
            boolean all = d.partitions().stream().map(TopicPartitionInfo::isr)
                    .allMatch(isr -> isr.stream().map(Node::id).anyMatch(id -> id == nodeId));
            if (all) return;
            if (System.nanoTime() > deadline) throw new AssertionError("broker " + nodeId + " not back in " + d);
            Thread.sleep(250);
        }
    }
}

package dev.sigyn.writelog;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.kafka.testkit.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write-log topic at start-up: created right, accepted when right, refused with the fix when wrong. */
class TopicSetupTest {
    private static final IngesterConfig INGESTER = IngesterConfig.defaults(); // max_chunk_age 2h
    private static KafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startKafka() {
        cluster = SharedKafka.cluster();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }


    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Test
    void anAbsentTopicIsCreatedWithSafeSettings() throws Exception {
        KafkaConfig cfg = config("created").partitions(6, 3).build();

        assertEquals(6, TopicSetup.ensure(cfg, INGESTER));

        TopicDescription d = admin.describeTopics(List.of("created")).allTopicNames().get().get("created");
        assertEquals(6, d.partitions().size());
        d.partitions().forEach(p -> assertEquals(3, p.replicas().size()));
        Config c = topicConfig("created");
        assertEquals("2", c.get("min.insync.replicas").value());
        assertEquals(Long.toString(Duration.ofDays(7).toMillis()), c.get("retention.ms").value());
        assertEquals("delete", c.get("cleanup.policy").value());
        assertTrue(Integer.parseInt(c.get("max.message.bytes").value()) > cfg.producerMaxRecordSizeBytes());
        // a second start finds it as it left it
        assertEquals(6, TopicSetup.ensure(cfg, INGESTER));
    }

    @Test
    void aCreatedTopicKeepsRecordsLongerThanTwiceALongMaxChunkAge() throws Exception {
        TopicSetup.ensure(config("long-chunks").build(), INGESTER.withMaxChunkAge(Duration.ofDays(5)));
        assertEquals(Long.toString(Duration.ofDays(10).plusHours(1).toMillis()),
                topicConfig("long-chunks").get("retention.ms").value());
    }

    @Test
    void aGoodExistingTopicIsAcceptedWithItsPartitionCount() throws Exception {
        create("existing", 3, 3, Map.of("min.insync.replicas", "2", "retention.ms", "-1",
                "max.message.bytes", "20000000"));
        assertEquals(3, TopicSetup.ensure(config("existing").autoCreate(false).build(), INGESTER));
    }

    @Test
    void aTopicWithTooFewReplicasIsRefused() throws Exception {
        create("rf1", 2, 1, Map.of("max.message.bytes", "20000000"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(config("rf1").build(), INGESTER));
        assertEquals("kafka topic \"rf1\": replication factor is 1; Sigyn needs 3 (kafka_config.replication_factor)"
                + " so that the topic survives the loss of brokers (raise it with kafka-reassign-partitions.sh, or lower"
                + " kafka_config.replication_factor)", e.getMessage());
    }

    @Test
    void aTopicAcknowledgingWritesOnOneReplicaIsRefusedWithTheCommandThatFixesIt() throws Exception {
        create("isr1", 2, 3, Map.of("min.insync.replicas", "1", "max.message.bytes", "20000000"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(config("isr1").build(), INGESTER));
        assertEquals("kafka topic \"isr1\": min.insync.replicas is 1; Sigyn needs 2 so that an acknowledged push"
                + " survives the loss of a broker (kafka-configs.sh --bootstrap-server " + cluster.bootstrapServers()
                + " --alter --entity-type topics --entity-name isr1 --add-config min.insync.replicas=2)", e.getMessage());
    }

    @Test
    void aTopicThatMayDeleteUnflushedRecordsIsRefused() throws Exception {
        create("short", 1, 3, Map.of("min.insync.replicas", "2", "retention.ms", "3600000",
                "max.message.bytes", "20000000"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(config("short").build(), INGESTER));
        assertEquals("kafka topic \"short\": retention.ms is 3600000 (1h0m0s); Sigyn needs more than max_chunk_age +"
                + " kafka_config.checkpoint_interval (2h0m15s) so that records are kept until the ingesters have flushed"
                + " them (kafka-configs.sh --bootstrap-server " + cluster.bootstrapServers() + " --alter --entity-type"
                + " topics --entity-name short --add-config retention.ms=604800000)", e.getMessage());
    }

    @Test
    void everyWrongSettingIsNamedAtOnce() throws Exception {
        create("wrong", 1, 3, Map.of("min.insync.replicas", "1", "cleanup.policy", "compact"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(config("wrong").build(), INGESTER));
        String m = e.getMessage();
        assertTrue(m.startsWith("kafka topic \"wrong\": min.insync.replicas is 1; Sigyn needs 2"), m);
        assertTrue(m.contains("; cleanup.policy is compact; Sigyn needs delete"), m);
        assertTrue(m.contains("; max.message.bytes is 1048588; records of up to"
                + " kafka_config.producer_max_record_size_bytes (15983616) need 16049152"), m);
    }

    @Test
    void anAbsentTopicThatMayNotBeCreatedIsNamedWithTheCommandThatCreatesIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(config("absent").autoCreate(false).build(), INGESTER));
        assertTrue(e.getMessage().startsWith("kafka topic \"absent\" does not exist and"
                + " kafka_config.auto_create_topic_enabled is false: create it (kafka-topics.sh --bootstrap-server "
                + cluster.bootstrapServers() + " --create --topic absent --partitions 4 --replication-factor 3"
                + " --config cleanup.policy=delete --config max.message.bytes=16049152 --config min.insync.replicas=2"
                + " --config retention.ms=604800000)"), e.getMessage());
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountFailsSayingSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(config("rf5").partitions(1, 5).build(), INGESTER));
        assertTrue(e.getMessage().startsWith("cannot create kafka topic \"rf5\" with 1 partitions and replication"
                + " factor 5: "), e.getMessage());
        assertTrue(e.getMessage().contains("lower kafka_config.replication_factor"), e.getMessage());
    }

    @Test
    void unreachableBrokersAreNamedWithinAFewDialTimeouts() throws Exception {
        String nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = "127.0.0.1:" + s.getLocalPort();
        }
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TopicSetup.ensure(TestKafkaConfig.of(nobody, "sigyn").build(), INGESTER));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(e.getMessage().startsWith("Kafka at " + nobody + " did not answer within 3s ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): check kafka_config.address and that the brokers are running and"
                + " reachable (brokers that take TLS only do not answer without kafka_config.tls_enabled)"),
                e.getMessage());
        assertTrue(millis < 9_000, "took " + millis + " ms");
    }

    private static TestKafkaConfig config(String topic) {
        return TestKafkaConfig.of(cluster.bootstrapServers(), topic);
    }

    private static void create(String topic, int partitions, int rf, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) rf).configs(configs))).all()
                .get(30, TimeUnit.SECONDS);
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r)).all().get().get(r);
    }
}

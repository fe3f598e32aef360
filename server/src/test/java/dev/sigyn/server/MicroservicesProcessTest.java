package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sigyn.config.ClusterConfig;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.kafka.testkit.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Microservices mode's processes as a user meets them, two servers in this JVM over one broker: a distributor, and an
 * ingester with a querier. Each serves the operational endpoints and only its targets' APIs, finds the others through
 * Kafka, and the data pushed to one is queried from the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicroservicesProcessTest {
    @TempDir
    static Path dir;
    private KafkaCluster kafka;
    private TestServer distributor;
    private TestServer backend;
    private int backendGrpcPort;

    @BeforeAll
    void start() throws Exception {
        kafka = KafkaCluster.builder().brokers(1).brokerProperty("group.initial.rebalance.delay.ms", "0")
                .brokerProperty("group.min.session.timeout.ms", "2000").start();
        backendGrpcPort = SigynProcess.freePort();
        SigynConfig base = TestServer.conformanceConfig(dir)
                .withKafka(KafkaConfig.defaults().withAddress(kafka.bootstrapServers())
                        .withTopic("proof", 3, 1).withCheckpointInterval(Duration.ofSeconds(1)))
                .withCluster(new ClusterConfig(backendGrpcPort, "127.0.0.1"));
        KafkaConfig k = base.kafka();
        base = base.withKafka(new KafkaConfig(k.address(), k.topic(), k.clientId(), k.dialTimeout(), k.writeTimeout(),
                k.producerMaxRecordSizeBytes(), "proof-ingesters", k.autoCreateTopicEnabled(),
                k.autoCreateTopicDefaultPartitions(), k.replicationFactor(), k.checkpointInterval(), "", "", "PLAIN",
                false, "", "", ""));
        backend = TestServer.start(base.withTarget("ingester,querier"));
        distributor = TestServer.start(base.withTarget("distributor")
                .withCluster(new ClusterConfig(SigynProcess.freePort(), "127.0.0.1")));
    }

    @AfterAll
    void stop() {
        if (distributor != null) distributor.close();
        if (backend != null) backend.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void eachProcessServesTheOperationalEndpointsAndNamesTheTargetOfAnApiItDoesNotServe() throws Exception {
        for (TestServer s : List.of(distributor, backend)) {
            assertEquals(200, s.get("/ready", null).statusCode());
            assertEquals(200, s.get("/metrics", "t").statusCode());
            assertEquals(200, s.get("/loki/api/v1/status/buildinfo", null).statusCode());
        }
        String distributorConfig = new String(distributor.get("/config", null).body(), StandardCharsets.UTF_8);
        String backendConfig = new String(backend.get("/config", null).body(), StandardCharsets.UTF_8);
        assertTrue(distributorConfig.lines().anyMatch("target: distributor"::equals), distributorConfig);
        assertTrue(backendConfig.lines().anyMatch("target: \"ingester,querier\""::equals), backendConfig);

        HttpResponse<byte[]> push = backend.post("/loki/api/v1/push", "t", "{}".getBytes(), Map.of());
        assertEquals(404, push.statusCode());
        assertEquals("/loki/api/v1/push is served by the distributor target; this process runs"
                + " -target=ingester,querier\n", new String(push.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> query = distributor.get("/loki/api/v1/query_range?query=%7Ba%3D%22b%22%7D", "t");
        assertEquals(404, query.statusCode());
        assertTrue(new String(query.body()).contains("served by the query-frontend (or querier) target"));
        assertEquals(404, distributor.post("/flush", null, new byte[0], Map.of()).statusCode());
        assertEquals(404, backend.get("/loki/api/v1/delete", "t").statusCode());
    }

    @Test
    void aPushToTheDistributorIsQueriedFromTheIngesterThroughItsInternalPortAndCheckpointed() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"streams\":[{\"stream\":{\"app\":\"proof\"},\"values\":[[\"" + now + "\",\"first line\"],[\""
                + (now + 1) + "\",\"second line\"]]}]}";
        assertEquals(204, distributor.post("/loki/api/v1/push", "t", body.getBytes(),
                Map.of("Content-Type", "application/json")).statusCode());
        awaitTrue(() -> answer("/loki/api/v1/query_range?query=%7Bapp%3D%22proof%22%7D").contains("second line"),
                "the querier finds the pushed lines in the ingester's memory");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // kafka_config.topic and auto_create_topic_default_partitions: the topic the distributor created.
            TopicDescription topic = admin.describeTopics(List.of("proof")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("proof");
            assertEquals(3, topic.partitions().size());
            // kafka_config.consumer_group, server.grpc_listen_port, common.instance_addr: the ingester is a member of
            // its group, publishing the internal address queriers reach it at.
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("proof-ingesters")).all()
                    .get(30, TimeUnit.SECONDS).get("proof-ingesters");
            assertTrue(group.members().stream().anyMatch(m -> m.clientId().contains("@127.0.0.1:" + backendGrpcPort)),
                    group.members().toString());
            // kafka_config.checkpoint_interval: within a few intervals the partition's offset is committed, naming its
            // snapshot in the bucket.
            awaitTrue(() -> committedSnapshot(admin).isPresent(), "a committed offset naming a snapshot");
            String key = committedSnapshot(admin).orElseThrow();
            assertTrue(Files.isRegularFile(dir.resolve("chunks").resolve(key)), key);
        }
        HttpResponse<String> internal = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendGrpcPort + "/internal/v1/ingester/series"))
                        .POST(HttpRequest.BodyPublishers.ofString("not protobuf")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, internal.statusCode(), "the internal port answers, and refuses a bad request");
    }

    private java.util.Optional<String> committedSnapshot(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("proof-ingesters")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null && o.offset() > 0 && !o.metadata().isEmpty())
                    .map(OffsetAndMetadata::metadata).findFirst();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    private String answer(String uri) {
        try {
            return new String(backend.get(uri, "t").body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(200);
        }
    }
}

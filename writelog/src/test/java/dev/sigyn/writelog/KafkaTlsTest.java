package dev.sigyn.writelog;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.ingester.PushOutcome;
import dev.sigyn.ingester.PushRequest;
import dev.sigyn.ingester.PushUnavailableException;
import dev.sigyn.kafka.testkit.KafkaCluster;
import dev.sigyn.kafka.testkit.TestCertificates;
import dev.sigyn.kafka.testkit.TestCertificates.Ca;
import dev.sigyn.kafka.testkit.TestCertificates.Identity;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kafka_config.tls_*} against real brokers whose only listener speaks TLS: one that asks no client certificate,
 * and three that require one of their CA. Sigyn's topic set-up, producer and consumer work with the right files, and
 * fail, saying so, without TLS, without a certificate, or with another CA's.
 */
class KafkaTlsTest {
    private static final TenantLimits NO_STREAM_LIMIT =
            TenantLimits.fixed(LimitsConfig.defaults().withPerStreamRateLimit(0));
    private static final IngesterConfig INGESTER = IngesterConfig.defaults();
    @TempDir
    static Path dir;
    private static final Ca CA = TestCertificates.newCa("kafka-ca");
    private static final Ca STRANGER = TestCertificates.newCa("stranger-ca");
    private static KafkaCluster serverTls, mutualTls;
    private static String caFile;
    private static Identity.Files client, strangerClient;

    @BeforeAll
    static void start() throws Exception {
        caFile = CA.writeCertificate(dir.resolve("ca.pem")).toString();
        client = CA.issue("sigyn").write(dir, "sigyn");
        strangerClient = STRANGER.issue("sigyn").write(dir, "stranger");
        serverTls = KafkaCluster.builder().brokers(1).tls(CA).start();
        mutualTls = KafkaCluster.builder().brokers(3).tls(CA).requireClientCertificates().start();
    }

    @AfterAll
    static void stop() {
        for (KafkaCluster c : new KafkaCluster[]{serverTls, mutualTls}) {
            if (c != null) c.close();
        }
    }

    @Test
    void withTheCaAndAClientCertificateTheTopicIsCreatedAndAPushProducedAndConsumed() throws Exception {
        KafkaConfig cfg = config(mutualTls, "mutual", 3)
                .withTls(caFile, client.certificate().toString(), client.key().toString());
        assertPushIsProducedAndConsumed(cfg);
    }

    @Test
    void withTheCaAloneAPushGoesToBrokersThatAskNoCertificate() throws Exception {
        assertPushIsProducedAndConsumed(config(serverTls, "server-only", 1).withTls(caFile, "", ""));
    }

    @Test
    void aCleartextClientGetsNoAnswerFromTheTlsListenerAndIsToldOfTlsEnabled() {
        IllegalStateException e = assertThrows(TopicSetup.KafkaUnreachableException.class,
                () -> TopicSetup.ensure(config(mutualTls, "cleartext", 3), INGESTER));
        assertTrue(e.getMessage().startsWith("Kafka at " + mutualTls.bootstrapServers() + " did not answer within 3s ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(brokers that take TLS only do not answer without"
                + " kafka_config.tls_enabled)"), e.getMessage());
    }

    @Test
    void aClientWithoutACertificateIsRefusedByBrokersThatRequireOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicSetup.ensure(
                config(mutualTls, "anonymous", 3).withTls(caFile, "", ""), INGESTER));
        assertHandshakeFailed(mutualTls, e.getMessage());
    }

    @Test
    void aClientCertificateOfAnotherCaIsRefused() {
        KafkaConfig cfg = config(mutualTls, "stranger", 3)
                .withTls(caFile, strangerClient.certificate().toString(), strangerClient.key().toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicSetup.ensure(cfg, INGESTER));
        assertHandshakeFailed(mutualTls, e.getMessage());
        try (KafkaPusher pusher = KafkaPusherTest.pusher(cfg, 4, NO_STREAM_LIMIT, 1)) {
            PushUnavailableException p = assertThrows(PushUnavailableException.class,
                    () -> pusher.push(KafkaPusherTest.request(Labels.of("app", "web"), 0, 3)));
            // the distributor's 503 names the cause as well
            assertTrue(p.getMessage().startsWith("the write log (Kafka at " + mutualTls.bootstrapServers()
                    + ") did not acknowledge the push within 3s: the TLS handshake failed ("), p.getMessage());
            assertTrue(p.getMessage().endsWith("): " + KafkaClients.TLS_CHECK + "; nothing was acknowledged, retry"),
                    p.getMessage());
        }
    }

    @Test
    void brokersWhoseCertificateIsOfAnotherCaAreRefusedByTheClient() throws Exception {
        String strangerCa = STRANGER.writeCertificate(dir.resolve("stranger-ca.pem")).toString();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicSetup.ensure(
                config(serverTls, "untrusted", 1).withTls(strangerCa, "", ""), INGESTER));
        assertHandshakeFailed(serverTls, e.getMessage());
    }

    private static void assertPushIsProducedAndConsumed(KafkaConfig cfg) throws Exception {
        int partitions = TopicSetup.ensure(cfg, INGESTER);
        assertEquals(cfg.autoCreateTopicDefaultPartitions(), partitions);
        Labels labels = Labels.of("app", "web");
        PushRequest push = new PushRequest("tenant-a", List.of(KafkaPusherTest.encoded(labels,
                List.of(new Entry(KafkaPusherTest.T0, "over tls", Labels.EMPTY)))));
        try (KafkaPusher pusher = KafkaPusherTest.pusher(cfg, partitions, NO_STREAM_LIMIT, 1)) {
            assertEquals(new PushOutcome(1, List.of(), List.of()), pusher.push(push));
        }

        List<TopicReader.Read> reads = TopicReader.readAll(KafkaClients.consumer(cfg, "ingester", "tls-test"),
                cfg.topic());
        assertEquals(1, reads.size());
        assertEquals(Partitioner.partition("tenant-a", labels, partitions), reads.getFirst().partition());
        assertEquals(List.of(KafkaPusherTest.T0 + " over tls {}"),
                KafkaPusherTest.chunkTexts(reads.getFirst().record().entries()));
        assertEquals("tenant-a", reads.getFirst().record().tenant());
    }

    /** What a process hears at start-up when TLS fails (Kafka's own reason in the brackets differs by side). */
    private static void assertHandshakeFailed(KafkaCluster cluster, String message) {
        assertTrue(message.startsWith("the TLS handshake with Kafka at " + cluster.bootstrapServers() + " failed ("),
                message);
        assertTrue(message.endsWith("): " + KafkaClients.TLS_CHECK), message);
    }

    private static KafkaConfig config(KafkaCluster cluster, String topic, int brokers) {
        return TestKafkaConfig.of(cluster.bootstrapServers(), topic).partitions(2, brokers).build();
    }
}

package dev.sigyn.kafka.testkit;

import dev.sigyn.kafka.testkit.TestCertificates.Ca;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A cluster whose brokers speak TLS, to clients and to each other. */
class KafkaClusterTlsTest {
    @TempDir
    Path dir;

    @Test
    void recordsAreReplicatedAndAcknowledgedOverTlsToAClientTrustingTheCa() throws Exception {
        Ca ca = TestCertificates.newCa("kafka-ca");
        try (KafkaCluster cluster = KafkaCluster.builder().brokers(2).tls(ca).start()) {
            Map<String, Object> ssl = ssl(cluster, ca.writeCertificate(dir.resolve("ca.pem")));
            try (Admin admin = Admin.create(ssl)) {
                // acks=all on replication factor 2 needs the follower's fetches over the brokers' TLS listener
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 2).configs(Map.of("min.insync.replicas", "2"))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(ssl)) {
                assertEquals(0, producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS).offset());
            }
        }
    }

    @Test
    void clientCertificatesCannotBeRequiredWithoutTls() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KafkaCluster.builder().brokers(1).requireClientCertificates().start());
        assertEquals("requireClientCertificates() needs tls(ca): the CA of the certificates", e.getMessage());
    }

    @Test
    void aCleartextClientIsNotServed() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.builder().brokers(1).tls(TestCertificates.newCa("kafka-ca")).start();
             KafkaProducer<String, String> producer = producer(Map.of(
                     CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000"))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS));
            // it never learns the topic's metadata: the broker drops each connection at its first bytes
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, e.getCause());
        }
    }

    private static Map<String, Object> ssl(KafkaCluster cluster, Path caFile) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caFile.toString());
        return p;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
        Map<String, Object> p = new HashMap<>(settings);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}

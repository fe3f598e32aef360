package dev.sigyn.writelog;

import dev.sigyn.config.KafkaConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kafka_config as Kafka client settings. */
class KafkaClientsTest {
    private static final KafkaConfig DEFAULTS = KafkaConfig.defaults().withAddress("k1:9092,k2:9092");

    @Test
    void everyClientFindsTheBrokersAndNamesItsRole() {
        Properties producer = KafkaClients.producer(DEFAULTS, "distributor");
        Properties consumer = KafkaClients.consumer(DEFAULTS, "ingester", "sigyn-ingester");
        Properties admin = KafkaClients.admin(DEFAULTS, "topic-setup");

        for (Properties p : new Properties[]{producer, consumer, admin}) {
            assertEquals("k1:9092,k2:9092", p.get("bootstrap.servers"));
            assertEquals("2000", p.get("socket.connection.setup.timeout.ms"), "dial_timeout");
            assertEquals("2000", p.get("socket.connection.setup.timeout.max.ms"), "dial_timeout");
            assertEquals("PLAINTEXT", p.get("security.protocol"));
        }
        assertEquals("sigyn-distributor", producer.get("client.id"));
        assertEquals("sigyn-ingester", consumer.get("client.id"));
        assertEquals("sigyn-ingester", consumer.get("group.id"));
        assertEquals("sigyn-topic-setup", admin.get("client.id"));
        assertEquals("6000", admin.get("default.api.timeout.ms"));
    }

    @Test
    void aClientIdPrefixReplacesSigyns() {
        KafkaConfig cfg = new KafkaConfig("k:9092", "logs", "eu-west", Duration.ofSeconds(2), Duration.ofSeconds(10),
                1 << 20, "g", true, 4, 3, Duration.ofSeconds(15), "", "", "PLAIN", false, "", "", "");
        assertEquals("eu-west-distributor", KafkaClients.producer(cfg, "distributor").get("client.id"));
    }

    @Test
    void theProducerWaitsForEveryInSyncReplicaAndGivesUpAfterWriteTimeout() {
        Properties p = KafkaClients.producer(DEFAULTS, "distributor");
        assertEquals("all", p.get("acks"));
        assertEquals("true", p.get("enable.idempotence"));
        assertTrue(Integer.parseInt((String) p.get("max.in.flight.requests.per.connection")) <= 5);
        assertEquals("10000", p.get("delivery.timeout.ms"), "write_timeout");
        assertEquals("zstd", p.get("compression.type"));
        // one record of producer_max_record_size_bytes fits a request
        assertTrue(Integer.parseInt((String) p.get("max.request.size")) > DEFAULTS.producerMaxRecordSizeBytes());
    }

    @Test
    void kafkaAcceptsTheProducerSettingsForShortAndLongWriteTimeouts() {
        for (Duration writeTimeout : new Duration[]{Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofMinutes(2)}) {
            KafkaConfig cfg = new TestKafkaConfig("127.0.0.1:1", "t", 1, 1, writeTimeout, 1 << 20, true).build();
            Properties p = KafkaClients.producer(cfg, "distributor");
            long delivery = Long.parseLong((String) p.get("delivery.timeout.ms"));
            assertTrue(delivery >= Long.parseLong((String) p.get("linger.ms")) + Long.parseLong((String) p.get("request.timeout.ms")));
            // The client checks its settings when built (it connects only on the first send).
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()).close(Duration.ZERO);
        }
    }

    @Test
    void saslUsesTheMechanismsLoginModuleWithQuotedCredentials() {
        Properties plain = KafkaClients.producer(withSecurity("sigyn", "pa\"ss\\word", "PLAIN", false, "", "", ""), "d");
        assertEquals("SASL_PLAINTEXT", plain.get("security.protocol"));
        assertEquals("PLAIN", plain.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"sigyn\""
                + " password=\"pa\\\"ss\\\\word\";", plain.get("sasl.jaas.config"));

        Properties scram = KafkaClients.admin(withSecurity("sigyn", "pw", "SCRAM-SHA-512", true, "", "", ""), "a");
        assertEquals("SASL_SSL", scram.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", scram.get("sasl.mechanism"));
        assertTrue(((String) scram.get("sasl.jaas.config")).startsWith(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sigyn\""));
    }

    @Test
    void anUnknownSaslMechanismIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaClients.producer(withSecurity("u", "p", "GSSAPI", false, "", "", ""), "d"));
        assertEquals("kafka_config.sasl_mechanism is \"GSSAPI\"; Sigyn supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512",
                e.getMessage());
    }

    @Test
    void tlsTrustsTheCaFileAndPresentsTheClientCertificate(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
        Path cert = Files.writeString(dir.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("k.pem"), "-----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----\n");

        Properties p = KafkaClients.consumer(withSecurity("", "", "PLAIN", true, ca.toString(), cert.toString(),
                key.toString()), "ingester", "g");

        assertEquals("SSL", p.get("security.protocol"));
        assertEquals("PEM", p.get("ssl.truststore.type"));
        assertEquals(ca.toString(), p.get("ssl.truststore.location"));
        assertEquals("PEM", p.get("ssl.keystore.type"));
        assertEquals(Files.readString(cert), p.get("ssl.keystore.certificate.chain"));
        assertEquals(Files.readString(key), p.get("ssl.keystore.key"));
        assertFalse(p.containsKey("sasl.jaas.config"));
    }

    @Test
    void tlsWithoutFilesUsesTheJvmsTrustStore() {
        Properties p = KafkaClients.producer(withSecurity("", "", "PLAIN", true, "", "", ""), "d");
        assertEquals("SSL", p.get("security.protocol"));
        assertFalse(p.containsKey("ssl.truststore.location"));
        assertFalse(p.containsKey("ssl.keystore.type"));
    }

    @Test
    void aPkcs1KeyOrAMissingKeyFileIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----\n");
        Path rsa = Files.writeString(dir.resolve("k.pem"), "-----BEGIN RSA PRIVATE KEY-----\nK\n-----END RSA PRIVATE KEY-----\n");

        IllegalArgumentException pkcs1 = assertThrows(IllegalArgumentException.class, () -> KafkaClients.producer(
                withSecurity("", "", "PLAIN", true, "", cert.toString(), rsa.toString()), "d"));
        assertTrue(pkcs1.getMessage().contains("openssl pkcs8 -topk8 -nocrypt -in " + rsa), pkcs1.getMessage());

        String missing = dir.resolve("absent.pem").toString();
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> KafkaClients.producer(
                withSecurity("", "", "PLAIN", true, "", cert.toString(), missing), "d"));
        assertTrue(absent.getMessage().startsWith("kafka_config.tls_key_path: cannot read " + missing), absent.getMessage());
    }

    private static KafkaConfig withSecurity(String user, String password, String mechanism, boolean tls, String ca,
                                            String cert, String key) {
        KafkaConfig d = DEFAULTS;
        return new KafkaConfig(d.address(), d.topic(), d.clientId(), d.dialTimeout(), d.writeTimeout(),
                d.producerMaxRecordSizeBytes(), d.consumerGroup(), d.autoCreateTopicEnabled(),
                d.autoCreateTopicDefaultPartitions(), d.replicationFactor(), d.checkpointInterval(), user, password,
                mechanism, tls, ca, cert, key);
    }
}

package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code kafka_config:} block, the write log of microservices mode (Loki 3's ingest storage keys where Loki has them).
 * The single binary ({@code -target=all}) never reads it.
 *
 * @param address                          bootstrap brokers, {@code host:port}, comma-separated
 * @param topic                            the write-log topic
 * @param clientId                         Kafka {@code client.id} prefix; empty means Sigyn's own
 * @param dialTimeout                      how long to wait for a broker connection
 * @param writeTimeout                     how long a push waits for Kafka to acknowledge all its records (then 503)
 * @param producerMaxRecordSizeBytes       the largest record a distributor produces; a stream's entries are split
 *                                         over several records beyond it
 * @param consumerGroup                    the ingesters' consumer group
 * @param autoCreateTopicEnabled           create the topic at start-up when it does not exist
 * @param autoCreateTopicDefaultPartitions partitions of a topic Sigyn creates
 * @param replicationFactor                replication factor of a topic Sigyn creates, and the least it accepts
 *                                         (Sigyn's key)
 * @param checkpointInterval               how often an ingester makes its partitions' state safe in the object store
 *                                         and commits their offsets (Sigyn's key): the longest replay on a takeover
 * @param saslMechanism                    {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512} when a
 *                                         username is set (Sigyn's key)
 * @param tlsEnabled                       TLS to the brokers (Sigyn's keys {@code tls_*})
 * @param tlsCaPath                        PEM file of the CAs that sign the brokers' certificates; empty: the JVM's
 * @param tlsCertPath                      PEM client certificate for mutual TLS; empty: none
 * @param tlsKeyPath                       PEM private key of {@code tlsCertPath}
 */
public record KafkaConfig(String address, String topic, String clientId, Duration dialTimeout, Duration writeTimeout,
                          int producerMaxRecordSizeBytes, String consumerGroup, boolean autoCreateTopicEnabled,
                          int autoCreateTopicDefaultPartitions, int replicationFactor, Duration checkpointInterval,
                          String saslUsername, String saslPassword, String saslMechanism, boolean tlsEnabled,
                          String tlsCaPath, String tlsCertPath, String tlsKeyPath) {

    public static KafkaConfig defaults() {
        return new KafkaConfig("localhost:9092", "sigyn", "", Duration.ofSeconds(2), Duration.ofSeconds(10),
                15_983_616, "sigyn-ingester", true, 4, 3, Duration.ofSeconds(15), "", "", "PLAIN", false,
                "", "", "");
    }

    public KafkaConfig withAddress(String address) {
        return new KafkaConfig(address, topic, clientId, dialTimeout, writeTimeout, producerMaxRecordSizeBytes,
                consumerGroup, autoCreateTopicEnabled, autoCreateTopicDefaultPartitions, replicationFactor,
                checkpointInterval, saslUsername, saslPassword, saslMechanism, tlsEnabled, tlsCaPath, tlsCertPath,
                tlsKeyPath);
    }

    public KafkaConfig withTopic(String topic, int partitions, int replicationFactor) {
        return new KafkaConfig(address, topic, clientId, dialTimeout, writeTimeout, producerMaxRecordSizeBytes,
                consumerGroup, autoCreateTopicEnabled, partitions, replicationFactor, checkpointInterval,
                saslUsername, saslPassword, saslMechanism, tlsEnabled, tlsCaPath, tlsCertPath, tlsKeyPath);
    }

    public KafkaConfig withCheckpointInterval(Duration interval) {
        return new KafkaConfig(address, topic, clientId, dialTimeout, writeTimeout, producerMaxRecordSizeBytes,
                consumerGroup, autoCreateTopicEnabled, autoCreateTopicDefaultPartitions, replicationFactor, interval,
                saslUsername, saslPassword, saslMechanism, tlsEnabled, tlsCaPath, tlsCertPath, tlsKeyPath);
    }

    /** TLS to the brokers: {@code caPath} their CA (empty: the JVM's), {@code certPath}/{@code keyPath} this client's. */
    public KafkaConfig withTls(String caPath, String certPath, String keyPath) {
        return new KafkaConfig(address, topic, clientId, dialTimeout, writeTimeout, producerMaxRecordSizeBytes,
                consumerGroup, autoCreateTopicEnabled, autoCreateTopicDefaultPartitions, replicationFactor,
                checkpointInterval, saslUsername, saslPassword, saslMechanism, true, caPath, certPath, keyPath);
    }
}

package dev.sigyn.writelog;

import dev.sigyn.config.KafkaConfig;

import java.time.Duration;

/** {@code kafka_config} for tests: the defaults with the fields a test varies. */
record TestKafkaConfig(String address, String topic, int partitions, int replicationFactor, Duration writeTimeout,
                       int maxRecordBytes, boolean autoCreate) {

    static TestKafkaConfig of(String address, String topic) {
        KafkaConfig d = KafkaConfig.defaults();
        return new TestKafkaConfig(address, topic, 4, 3, Duration.ofSeconds(3), d.producerMaxRecordSizeBytes(), true);
    }

    TestKafkaConfig partitions(int n, int rf) {
        return new TestKafkaConfig(address, topic, n, rf, writeTimeout, maxRecordBytes, autoCreate);
    }

    TestKafkaConfig maxRecordBytes(int bytes) {
        return new TestKafkaConfig(address, topic, partitions, replicationFactor, writeTimeout, bytes, autoCreate);
    }

    TestKafkaConfig autoCreate(boolean enabled) {
        return new TestKafkaConfig(address, topic, partitions, replicationFactor, writeTimeout, maxRecordBytes, enabled);
    }

    KafkaConfig build() {
        KafkaConfig d = KafkaConfig.defaults();
        return new KafkaConfig(address, topic, d.clientId(), Duration.ofSeconds(1), writeTimeout, maxRecordBytes,
                d.consumerGroup(), autoCreate, partitions, replicationFactor, d.checkpointInterval(), "", "", "PLAIN",
                false, "", "", "");
    }
}

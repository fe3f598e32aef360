package dev.sigyn.writelog;

import dev.sigyn.kafka.testkit.KafkaCluster;

/**
 * One three-broker cluster for the test classes that leave its brokers alone (each uses topics of its own): a
 * cluster takes seconds to start. Stopped when the test JVM exits.
 */
final class SharedKafka {
    private static KafkaCluster cluster;

    private SharedKafka() {}

    static synchronized KafkaCluster cluster() {
        if (cluster == null) {
            cluster = KafkaCluster.start(3);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-kafka-stop"));
        }
        return cluster;
    }
}

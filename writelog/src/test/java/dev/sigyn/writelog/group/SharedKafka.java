package dev.sigyn.writelog.group;

import dev.sigyn.kafka.testkit.KafkaCluster;

import java.util.Properties;

/**
 * One broker for all of this package's tests in a JVM (starting one costs seconds): every test uses groups and
 * topics of its own, so they do not meet. Stopped when the JVM exits.
 */
final class SharedKafka {
    private static KafkaCluster cluster;

    private SharedKafka() {}

    /** The clients' base settings for the shared broker, starting it on first use. */
    static synchronized Properties base() {
        if (cluster == null) {
            cluster = KafkaCluster.start(1);
            KafkaCluster started = cluster;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "sigyn-test-kafka-stop"));
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        return p;
    }
}

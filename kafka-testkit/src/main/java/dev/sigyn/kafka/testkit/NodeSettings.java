package dev.sigyn.kafka.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server properties of the cluster's nodes: KRaft with one dedicated controller, brokers on 127.0.0.1, and
 * everything sized down for a 2-core CI machine that runs several brokers in one JVM.
 */
final class NodeSettings {
    /** The brokers' listener for clients and replication in cleartext; {@link BrokerTls#LISTENER} over TLS. */
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The controller's node id; brokers are 0..N-1, so a broker's index is its node id. */
    static final int CONTROLLER_ID = 1000;

    private NodeSettings() {}

    /** What every node needs to find the controller quorum (a static quorum of one voter). */
    private static Map<String, String> common(int nodeId, Path logDir, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", CONTROLLER_ID + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT," + BROKER_LISTENER + ":PLAINTEXT,"
                + BrokerTls.LISTENER + ":SSL");
        p.put("log.dirs", logDir.toString());
        // Few threads: the defaults (3 network, 8 io, 10 background) are for a dedicated machine, times N here.
        p.put("num.network.threads", "1");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        // A killed broker is fenced (and leaves the ISRs) after 4 s without heartbeats rather than 9 s. The session
        // timeout is the controller's setting, the heartbeat interval the brokers'.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "4000");
        // No JMX beans: the brokers of one JVM would register the same names (and warn), and nobody reads them.
        // (Read by Kafka's metrics reporters, not a KafkaConfig key.)
        p.put("metrics.jmx.exclude", ".*");
        // A node that cannot start fails within this time instead of waiting forever for its peers.
        p.put("server.max.startup.time.ms", "60000");
        return p;
    }

    static Map<String, String> controller(Path logDir, int port) {
        Map<String, String> p = common(CONTROLLER_ID, logDir, port);
        p.put("process.roles", "controller");
        p.put("listeners", CONTROLLER_LISTENER + "://127.0.0.1:" + port);
        return p;
    }

    /** {@code listener}: {@link #BROKER_LISTENER} or {@link BrokerTls#LISTENER}, for clients and replication. */
    static Map<String, String> broker(int nodeId, int brokerCount, Path logDir, int port, int controllerPort,
                                      String listener) {
        Map<String, String> p = common(nodeId, logDir, controllerPort);
        String replicas = Integer.toString(brokerCount);
        String minIsr = Integer.toString(Math.min(2, brokerCount));
        p.put("process.roles", "broker");
        p.put("listeners", listener + "://127.0.0.1:" + port);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.put("inter.broker.listener.name", listener);
        p.put("num.replica.fetchers", "1");
        // Internal topics replicated over all brokers (their defaults assume 3), with few partitions to create.
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("default.replication.factor", replicas);
        // A consumer group forms at once rather than after the default 3 s pause for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates its dedupe buffer up front: 128 MiB per broker by default.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 << 20));
        p.put("log.cleaner.threads", "1");
        // Small files: 1 MiB segments (Kafka's minimum) and index files that map 1 MiB rather than 10 MiB.
        p.put("log.segment.bytes", Integer.toString(1 << 20));
        p.put("log.index.size.max.bytes", Integer.toString(1 << 20));
        p.put("offsets.topic.segment.bytes", Integer.toString(1 << 20));
        p.put("transaction.state.log.segment.bytes", Integer.toString(1 << 20));
        // A follower that stops fetching leaves the ISR after 10 s rather than 30 s.
        p.put("replica.lag.time.max.ms", "10000");
        return p;
    }
}

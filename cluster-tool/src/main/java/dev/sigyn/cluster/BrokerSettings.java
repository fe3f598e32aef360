package dev.sigyn.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server properties of a broker process: a KRaft node in combined mode (broker and controller), one of a static
 * quorum of all the cluster's nodes, so that with three nodes any one can die and the other two keep a majority.
 * Sized down for a 2-core machine that also runs the Sigyn processes.
 */
final class BrokerSettings {
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerSettings() {}

    /**
     * @param voters     {@code controller.quorum.voters}: {@code id@127.0.0.1:controllerPort} of every node
     * @param brokers    how many nodes the cluster has (the replication factor of internal topics: up to 3)
     * @param partitions partitions of a topic that a client's request creates without saying how many
     */
    static Map<String, String> of(int nodeId, int port, int controllerPort, String voters, Path logDir, int brokers,
                                  int partitions) {
        String replicas = Integer.toString(replicationFactor(brokers));
        String minIsr = Integer.toString(minInSyncReplicas(brokers));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + port);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT," + BROKER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // Replication as a production topic has it (RF 3, min.insync.replicas 2), as far as the node count allows.
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("num.partitions", Integer.toString(partitions));
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "8");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", "4");
        // Few threads: the defaults (3 network, 8 io, 10 background) are for a dedicated machine, times N here.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.replica.fetchers", "1");
        p.put("num.recovery.threads.per.data.dir", "1");
        // A killed node is fenced (and leaves the ISRs) after 4 s without heartbeats rather than 9 s, and a follower
        // that stops fetching leaves the ISR after 10 s rather than 30 s.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "4000");
        p.put("replica.lag.time.max.ms", "10000");
        // A consumer group forms at once rather than after the default 3 s pause for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates its dedupe buffer up front: 128 MiB per broker by default.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 << 20));
        p.put("log.cleaner.threads", "1");
        // Index files are preallocated at this size per segment: 1 MiB rather than 10 MiB.
        p.put("log.index.size.max.bytes", Integer.toString(1 << 20));
        // A node that cannot start fails within this time instead of waiting forever for its peers.
        p.put("server.max.startup.time.ms", "120000");
        return p;
    }

    /** The replication factor of topics on a cluster of {@code brokers} nodes: 3, or fewer on a smaller cluster. */
    static int replicationFactor(int brokers) {
        return Math.min(3, brokers);
    }

    static int minInSyncReplicas(int brokers) {
        return Math.min(2, brokers);
    }
}

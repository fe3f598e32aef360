package dev.sigyn.writelog.group;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Properties;

/** The settings every membership consumer shares, over the caller's base client settings (bootstrap, security). */
final class GroupConsumers {
    private GroupConsumers() {}

    /**
     * A consumer of group {@code group} that announces {@code self}. It uses the classic group protocol because there
     * the client chooses its own session timeout (KIP-848 groups take it from the broker), which both the time a dead
     * member stays listed and {@link KafkaLease}'s timing argument depend on; and the cooperative sticky assignor, so
     * that a member joining or leaving does not take partitions away from members that stay.
     */
    static KafkaConsumer<byte[], byte[]> create(Properties base, String group, MemberAddress self, Duration session) {
        Properties p = new Properties();
        p.putAll(base);
        // Static membership would keep a closed member listed until its session ends: these members must leave.
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        int sessionMs = Math.toIntExact(session.toMillis());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, self.clientId());
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(sessionMs));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(Math.max(100, sessionMs / 6)));
        // Also the time the coordinator waits for members to rejoin during a rebalance; see KafkaLease for why 2×.
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.toString(2 * sessionMs));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static String bootstrap(Properties base) {
        return String.valueOf(base.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "(no bootstrap.servers)"));
    }
}

package dev.sigyn.writelog.group;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Which ingester owns which partition of the write-log topic, from the ingesters' consumer group: queriers ask the
 * owners of a tenant's partitions for data not yet flushed. Read again at most once per {@code ttl}. Thread-safe.
 */
public final class PartitionAssignments implements AutoCloseable {
    /**
     * The owners of the topic's partitions at one moment. A partition with no owner (a rebalance is moving it, or
     * fewer ingesters than partitions are up) is missing from {@code owners}: a querier must not answer without it.
     */
    public record Snapshot(int partitionCount, Map<Integer, MemberAddress> owners) {
        public Snapshot {
            owners = Map.copyOf(owners);
        }

        public Optional<MemberAddress> owner(int partition) {
            return Optional.ofNullable(owners.get(partition));
        }

        public List<Integer> unowned() {
            return IntStream.range(0, partitionCount).filter(p -> !owners.containsKey(p)).boxed().toList();
        }
    }

    private final Admin admin;
    private final String bootstrap;
    private final String topic;
    private final GroupDirectory ingesters;
    private final long ttlNanos;
    private final Duration requestTimeout;
    private Snapshot cached;
    private long readAtNanos;

    public PartitionAssignments(Properties adminBase, String ingesterGroup, String topic) {
        this(adminBase, ingesterGroup, topic, GroupDirectory.DEFAULT_TTL);
    }

    public PartitionAssignments(Properties adminBase, String ingesterGroup, String topic, Duration ttl) {
        this.admin = Admin.create(adminBase);
        this.bootstrap = GroupConsumers.bootstrap(adminBase);
        this.topic = topic;
        this.requestTimeout = GroupDirectory.DEFAULT_REQUEST_TIMEOUT;
        // The snapshot has its own TTL: the directory's cache must not make it older still.
        this.ingesters = new GroupDirectory(admin, false, bootstrap, ingesterGroup, topic, Optional.empty(),
                Duration.ZERO, requestTimeout);
        this.ttlNanos = ttl.toNanos();
    }

    /** The owners, at most {@code ttl} old. */
    public synchronized Snapshot current() {
        if (cached == null || System.nanoTime() - readAtNanos >= ttlNanos) return refresh();
        return cached;
    }

    /** The owners as Kafka describes them now; throws {@link GroupUnavailableException} when it cannot. */
    public synchronized Snapshot refresh() {
        long t = System.nanoTime();
        int partitions = partitionCount();
        cached = new Snapshot(partitions, owners(ingesters.refresh(), partitions));
        readAtNanos = t;
        return cached;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /**
     * A partition two members claim is left unowned rather than given to either: the group protocol never assigns
     * one partition twice in a generation, so this only shows a describe caught mid-change, and asking the wrong
     * member would give an incomplete answer where no answer (and a retry) is right.
     */
    static Map<Integer, MemberAddress> owners(List<Member> members, int partitionCount) {
        Map<Integer, MemberAddress> owners = new HashMap<>();
        Set<Integer> contested = new HashSet<>();
        for (Member m : members) {
            for (int p : m.partitions()) {
                if (p >= partitionCount) continue;
                if (owners.putIfAbsent(p, m.address()) != null) contested.add(p);
            }
        }
        contested.forEach(owners::remove);
        return new TreeMap<>(owners);
    }

    private int partitionCount() {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic),
                            new DescribeTopicsOptions().timeoutMs((int) requestTimeout.toMillis()))
                    .allTopicNames().get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS).get(topic);
            return d.partitions().size();
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private GroupUnavailableException unavailable(Throwable cause) {
        return new GroupUnavailableException("cannot read the partitions of topic " + topic + " from Kafka at "
                + bootstrap + ": " + cause, cause);
    }
}

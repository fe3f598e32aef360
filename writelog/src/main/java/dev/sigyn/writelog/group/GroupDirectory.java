package dev.sigyn.writelog.group;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Sigyn processes in a consumer group, as its coordinator describes them, read again at most once per
 * {@code ttl} (callers such as a distributor's rate limiter ask on every request). Members whose client id does not
 * carry a {@link MemberAddress} are not Sigyn's and are left out. Thread-safe.
 */
public final class GroupDirectory implements AutoCloseable {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final boolean ownsAdmin;
    private final String bootstrap;
    private final String group;
    private final String topic;
    private final Optional<MemberAddress> self;
    private final long ttlNanos;
    private final Duration requestTimeout;
    private List<Member> cached;
    private long readAtNanos;

    /** A directory of group {@code group} (partitions of {@code topic}), read again at most once a second. */
    public GroupDirectory(Properties adminBase, String group, String topic) {
        this(adminBase, group, topic, Optional.empty(), DEFAULT_TTL);
    }

    /**
     * @param self this process's address when it is a member itself: {@link #count()} counts it even before the
     *             coordinator lists it (right after it joined) so that a lone distributor never divides by zero
     */
    public GroupDirectory(Properties adminBase, String group, String topic, Optional<MemberAddress> self, Duration ttl) {
        this(Admin.create(adminBase), true, GroupConsumers.bootstrap(adminBase), group, topic, self, ttl,
                DEFAULT_REQUEST_TIMEOUT);
    }

    GroupDirectory(Admin admin, boolean ownsAdmin, String bootstrap, String group, String topic,
                   Optional<MemberAddress> self, Duration ttl, Duration requestTimeout) {
        this.admin = admin;
        this.ownsAdmin = ownsAdmin;
        this.bootstrap = bootstrap;
        this.group = Objects.requireNonNull(group);
        this.topic = Objects.requireNonNull(topic);
        this.self = Objects.requireNonNull(self);
        this.ttlNanos = ttl.toNanos();
        this.requestTimeout = requestTimeout;
    }

    /** The members, sorted by address; at most {@code ttl} old. */
    public synchronized List<Member> members() {
        if (cached == null || System.nanoTime() - readAtNanos >= ttlNanos) return refresh();
        return cached;
    }

    /** The members as the coordinator describes them now. */
    public synchronized List<Member> refresh() {
        long t = System.nanoTime();
        cached = describe();
        readAtNanos = t;
        return cached;
    }

    /** How many Sigyn processes are in the group, this one included when it is a member: at least 1. */
    public int count() {
        List<Member> members = members();
        boolean selfMissing = self.isPresent() && members.stream().noneMatch(m -> m.address().equals(self.get()));
        return Math.max(1, members.size() + (selfMissing ? 1 : 0));
    }

    public String group() {
        return group;
    }

    @Override
    public void close() {
        if (ownsAdmin) admin.close(Duration.ofSeconds(5));
    }

    private List<Member> describe() {
        ConsumerGroupDescription d;
        try {
            d = admin.describeConsumerGroups(List.of(group),
                            new DescribeConsumerGroupsOptions().timeoutMs((int) requestTimeout.toMillis()))
                    .describedGroups().get(group).get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) return List.of();
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
        if (d.groupState() == GroupState.DEAD) return List.of();
        return d.members().stream()
                .flatMap(m -> MemberAddress.parse(m.clientId()).map(a -> new Member(a, partitions(m))).stream())
                .sorted(Comparator.comparing(m -> m.address().clientId()))
                .toList();
    }

    private List<Integer> partitions(MemberDescription m) {
        return m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(topic))
                .map(TopicPartition::partition)
                .sorted()
                .toList();
    }

    private GroupUnavailableException unavailable(Throwable cause) {
        return new GroupUnavailableException("cannot read the members of consumer group " + group + " from Kafka at "
                + bootstrap + ": " + cause, cause);
    }
}

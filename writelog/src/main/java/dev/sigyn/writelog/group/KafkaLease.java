package dev.sigyn.writelog.group;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A lease with at most one holder at a time however many processes start one, and a new holder soon after the old
 * one dies: the compactor's. The lease is partition 0 of a one-partition topic, and the holder is the member of
 * group {@code group} that Kafka's group protocol assigned it. No record is ever read or written there.
 *
 * <h2>Why two holders never overlap</h2>
 * Kafka moves the partition to another member only (a) after this member revoked it, in a cooperative rebalance;
 * (b) after this member left the group; or (c) after the coordinator dropped this member, because its session
 * expired or it did not rejoin a rebalance in time. (a) and (b) call {@link Listener#onLost()} on this member
 * before the revocation or the leave is sent. For (c) this member must stop on its own before the coordinator can
 * have dropped it, and it knows when that is: every loop it commits an offset, and in the classic protocol a
 * successful commit restarts the member's session at the coordinator (in Stable and PreparingRebalance; in any other
 * state, or with a stale generation, the commit fails). The commit was sent after local time {@code t}, so the
 * coordinator received it after {@code t} and cannot expire the session before {@code t + session timeout};
 * clocks only measure durations here, and their rates differ by far less than the margin. The holder therefore
 * counts the lease as lost at {@code t + session − margin}: {@link #isHeld()} answers false from then on even if
 * this thread were stuck, and the loop, which never waits past that moment, calls onLost. The margin (a sixth of
 * the session) covers the callback and the loop's last step. A member that stops polling is also dropped after
 * max.poll.interval.ms, set to twice the session, so that this bound too comes after the session's; and a healthy
 * loop rejoins a rebalance within a heartbeat and a loop of its start.
 *
 * <p>A lease that lapsed only because the coordinator was slow (a long rebalance waiting for a dead member) is
 * acquired again by the next successful commit: if the commit succeeded in the member's generation, partition 0 is
 * still this member's in that generation.
 *
 * <p>Callbacks run on the lease's own thread and must return quickly; the work they start must check
 * {@link #isHeld()} before each step that another holder must not see twice (deleting objects, say).
 */
public final class KafkaLease implements AutoCloseable {
    /** Told when this process becomes the holder and when it stops being it; called on the lease's thread. */
    public interface Listener {
        void onAcquired();

        void onLost();
    }

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLease.class);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(5);

    private final Properties base;
    private final String topic;
    private final String group;
    private final short replicationFactor;
    private final MemberAddress self;
    private final Duration session;
    private final Listener listener;
    private final TopicPartition lease;
    private final long periodNanos;
    private final long commitTimeoutNanos;
    private final long trustNanos;
    private final CountDownLatch joined = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean cutOff;
    private volatile boolean held;
    private volatile long heldUntilNanos;
    private volatile KafkaException lastError;
    private Thread thread;
    // Confined to the lease's thread once started:
    private KafkaConsumer<byte[], byte[]> consumer;
    private boolean assigned;
    private boolean muted;

    /** The lease topic of the compactor of the write log {@code writeLogTopic}. */
    public static String compactorLeaseTopic(String writeLogTopic) {
        return writeLogTopic + ".compactor-lease";
    }

    public KafkaLease(Properties base, String topic, String group, short replicationFactor, MemberAddress self,
                      Listener listener) {
        this(base, topic, group, replicationFactor, self, DEFAULT_SESSION_TIMEOUT, listener);
    }

    /**
     * @param base the clients' base settings (bootstrap.servers, security)
     * @param topic the lease topic, created with one partition and {@code replicationFactor} replicas if absent
     * @param sessionTimeout how long a dead holder keeps the lease: the takeover comes a little after it
     */
    public KafkaLease(Properties base, String topic, String group, short replicationFactor, MemberAddress self,
                      Duration sessionTimeout, Listener listener) {
        this.base = Objects.requireNonNull(base);
        this.topic = Objects.requireNonNull(topic);
        this.group = Objects.requireNonNull(group);
        this.replicationFactor = replicationFactor;
        this.self = Objects.requireNonNull(self);
        this.session = Objects.requireNonNull(sessionTimeout);
        this.listener = Objects.requireNonNull(listener);
        this.lease = new TopicPartition(topic, 0);
        long s = sessionTimeout.toNanos();
        periodNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(500), s / 12);
        commitTimeoutNanos = s / 6;
        trustNanos = s - s / 6;
    }

    public void start() {
        start(DEFAULT_START_TIMEOUT);
    }

    /** Creates the lease topic if absent and joins the group; returns once a member (holding the lease or not). */
    public synchronized void start(Duration timeout) {
        if (thread != null) throw new IllegalStateException("already started");
        createTopicIfAbsent(timeout);
        consumer = GroupConsumers.create(base, group, self, session);
        running = true;
        thread = Thread.ofPlatform().daemon().name("sigyn-lease-" + group).start(this::run);
        boolean in;
        try {
            in = joined.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            in = false;
        }
        if (!in) {
            close();
            KafkaException why = lastError;
            throw new IllegalStateException("did not join the lease group " + group + " (topic " + topic + ") at "
                    + GroupConsumers.bootstrap(base) + " within " + timeout.toMillis() + " ms"
                    + (why != null ? ": " + why : ""), why);
        }
    }

    /** Whether this process holds the lease now: false from the moment it may no longer trust that it does. */
    public boolean isHeld() {
        return held && System.nanoTime() - heldUntilNanos < 0;
    }

    /** Gives the lease up (onLost first) and leaves the group, so another member takes over at once. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null || !running) return;
            running = false;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) c.wakeup();
        }
        if (t == Thread.currentThread()) return; // from a callback: the loop ends after it returns
        try {
            t.join(LEAVE_TIMEOUT.toMillis() + TimeUnit.NANOSECONDS.toMillis(commitTimeoutNanos + periodNanos) + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For tests: this member loses the coordinator as a holder cut off by the network would, or a dead one: its
     * heartbeats and commits stop and it does not leave the group, while its loop goes on watching the time.
     */
    void simulateCutOff() {
        cutOff = true;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalances());
            while (running) {
                if (cutOff) {
                    dropConsumerWithoutLeaving();
                    sleep(untilDeadline(periodNanos));
                } else {
                    try {
                        consumer.poll(untilDeadline(periodNanos));
                        if (assigned) confirm();
                    } catch (WakeupException closing) {
                        // close() asked; the loop's condition ends it
                    } catch (KafkaException e) {
                        lastError = e;
                        LOG.debug("lease {}: {}", group, e.toString());
                        sleep(untilDeadline(periodNanos));
                    }
                }
                if (held && System.nanoTime() - heldUntilNanos >= 0) {
                    lose("no word from the group coordinator for " + TimeUnit.NANOSECONDS.toMillis(trustNanos) + " ms");
                }
            }
        } finally {
            // Before leaving: once the coordinator has the leave, another member may be given the lease at once.
            lose("closing");
            if (consumer != null) {
                try {
                    consumer.close(CloseOptions.timeout(LEAVE_TIMEOUT));
                } catch (RuntimeException e) {
                    LOG.warn("lease {}: did not leave the group cleanly: {}", group, e.toString());
                }
            }
        }
    }

    /** Commits to prove this member's session alive; on success it holds the lease until sent + session − margin. */
    private void confirm() {
        long sent = System.nanoTime();
        try {
            consumer.commitSync(Map.of(lease, new OffsetAndMetadata(0, "lease of " + self)),
                    untilDeadline(commitTimeoutNanos));
        } catch (RebalanceInProgressException | CommitFailedException | TimeoutException notNow) {
            return; // no proof this time: the lease lapses if none comes before its deadline
        }
        heldUntilNanos = sent + trustNanos;
        if (!held) {
            held = true;
            LOG.info("lease {}: held by {}", group, self);
            call(listener::onAcquired, "onAcquired");
        }
    }

    private void lose(String why) {
        if (!held) return;
        held = false;
        LOG.info("lease {}: {} no longer holds it ({})", group, self, why);
        call(listener::onLost, "onLost");
    }

    private void call(Runnable callback, String name) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("lease {}: {} failed", group, name, e);
        }
    }

    /** A wait of at most {@code nanos} that never runs past the moment the lease must be counted lost. */
    private Duration untilDeadline(long nanos) {
        if (held) nanos = Math.min(nanos, heldUntilNanos - System.nanoTime());
        return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), nanos));
    }

    private void dropConsumerWithoutLeaving() {
        if (consumer == null) return;
        muted = true;
        try {
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ZERO));
        } catch (RuntimeException ignored) {
            // as good as cut off
        }
        synchronized (this) {
            consumer = null;
        }
    }

    private void createTopicIfAbsent(Duration timeout) {
        // Nothing is written to the lease topic; min.insync.replicas only keeps it consistent with its replicas.
        String minInsync = replicationFactor >= 3 ? "2" : "1";
        NewTopic t = new NewTopic(topic, 1, replicationFactor).configs(Map.of("min.insync.replicas", minInsync));
        try (Admin admin = Admin.create(base)) {
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) return;
            throw new IllegalStateException("cannot create the lease topic " + topic + " at "
                    + GroupConsumers.bootstrap(base) + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create the lease topic " + topic + " at "
                    + GroupConsumers.bootstrap(base) + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the lease topic " + topic, e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (muted) return;
            consumer.pause(partitions);
            if (partitions.contains(lease)) assigned = true; // held once a commit proves the session
            joined.countDown();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (muted || !partitions.contains(lease)) return;
            assigned = false;
            lose("revoked in a rebalance");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (muted || !partitions.contains(lease)) return;
            assigned = false;
            lose("dropped from the group");
        }
    }
}

package dev.sigyn.writelog.group;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * This process as a member of a consumer group, announcing its {@link MemberAddress} in its client id, so that
 * others find it with a {@link GroupDirectory}: distributors count each other for global rate limits, the
 * query-frontend finds the queriers. The member never reads a record: every partition it is assigned stays paused.
 * A daemon thread polls every half second, which answers rebalances and keeps the member in the group; Kafka's
 * own heartbeat thread keeps its session. A crashed process drops out of the group after the session timeout,
 * one that {@linkplain #close() closes} leaves at once.
 */
public final class GroupMembership implements AutoCloseable {
    /** How long a crashed member stays listed (the classic protocol's own default, 45 s, is long for a directory). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(5);

    private final Properties base;
    private final String group;
    private final String topic;
    private final MemberAddress self;
    private final Duration sessionTimeout;
    private final CountDownLatch joined = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaException lastError;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread poller;

    public GroupMembership(Properties base, String group, String topic, MemberAddress self) {
        this(base, group, topic, self, DEFAULT_SESSION_TIMEOUT);
    }

    /**
     * @param base the clients' base settings (bootstrap.servers, security); the group's own settings override them
     * @param topic the topic whose partitions the group divides; members beyond its partition count still count
     */
    public GroupMembership(Properties base, String group, String topic, MemberAddress self, Duration sessionTimeout) {
        this.base = Objects.requireNonNull(base);
        this.group = Objects.requireNonNull(group);
        this.topic = Objects.requireNonNull(topic);
        this.self = Objects.requireNonNull(self);
        this.sessionTimeout = Objects.requireNonNull(sessionTimeout);
    }

    public MemberAddress self() {
        return self;
    }

    public void start() {
        start(DEFAULT_JOIN_TIMEOUT);
    }

    /**
     * Joins the group; returns once the coordinator has made this process a member (its first assignment came, empty
     * or not), or closes and throws when that took longer than {@code timeout}, saying what went wrong if Kafka said.
     */
    public synchronized void start(Duration timeout) {
        if (poller != null) throw new IllegalStateException("already started");
        consumer = GroupConsumers.create(base, group, self, sessionTimeout);
        running = true;
        poller = Thread.ofPlatform().daemon().name("sigyn-group-" + group).start(this::pollUntilClosed);
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
            throw new IllegalStateException("did not join consumer group " + group + " (topic " + topic + ") at "
                    + GroupConsumers.bootstrap(base) + " within " + timeout.toMillis() + " ms"
                    + (why != null ? ": " + why : ": Kafka unreachable or the group not settling"), why);
        }
    }

    /** Leaves the group (others see this member gone at once) and stops the polling thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = poller;
            if (t == null || !running) return;
            running = false;
            consumer.wakeup();
        }
        try {
            t.join(LEAVE_TIMEOUT.toMillis() + POLL.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollUntilClosed() {
        try {
            consumer.subscribe(List.of(topic), new PauseEverything());
            String lastLogged = null;
            while (running) {
                try {
                    consumer.pause(consumer.assignment());
                    consumer.poll(POLL);
                } catch (WakeupException closing) {
                    // close() asked; the loop's condition ends it
                } catch (KafkaException e) {
                    lastError = e;
                    if (!e.toString().equals(lastLogged)) {
                        LOG.warn("member {} of group {}: {}", self, group, e.toString());
                        lastLogged = e.toString();
                    }
                    sleep(POLL);
                }
            }
        } finally {
            try {
                consumer.close(CloseOptions.timeout(LEAVE_TIMEOUT));
            } catch (RuntimeException e) {
                LOG.warn("member {} of group {} did not leave cleanly: {}", self, group, e.toString());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps every assigned partition paused, so the member is in the group without fetching a record. */
    private final class PauseEverything implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            joined.countDown();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
    }
}

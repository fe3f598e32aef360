package dev.sigyn.writelog;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.format.Durations;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure at start-up that the write-log topic exists with settings under which an acknowledged push cannot be
 * lost: replicated, refusing writes that too few replicas hold, and keeping records until the ingesters have surely
 * flushed them. Creates the topic when allowed; otherwise names each wrong setting and the command that fixes it.
 */
public final class TopicSetup {
    /** Sigyn's {@code min.insync.replicas} for a topic of replication factor 3 or more. */
    static final int MIN_INSYNC_REPLICAS = 2;
    /** The least retention of a topic Sigyn creates: a week leaves time to notice and fix a stuck ingester. */
    static final Duration MIN_CREATED_RETENTION = Duration.ofDays(7);

    private final KafkaConfig kafka;
    private final IngesterConfig ingester;
    private final Properties adminSettings;
    /** How long each admin call may take: a few of dial_timeout (see {@link KafkaClients#admin}). */
    private final Duration callTimeout;

    private TopicSetup(KafkaConfig kafka, IngesterConfig ingester) {
        this.kafka = kafka;
        this.ingester = ingester;
        this.adminSettings = KafkaClients.admin(kafka, "topic-setup");
        this.callTimeout = Duration.ofMillis(Long.parseLong(
                adminSettings.getProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)));
    }

    /**
     * Creates or checks the topic {@code kafka_config.topic} and returns its partition count.
     *
     * @throws IllegalStateException saying what is wrong and how to fix it: brokers unreachable, topic missing and
     *                               not to be created, or a setting that could lose acknowledged pushes
     */
    public static int ensure(KafkaConfig kafka, IngesterConfig ingester) {
        return new TopicSetup(kafka, ingester).run();
    }

    private int run() {
        try (Admin admin = Admin.create(adminSettings)) {
            TopicDescription topic = describe(admin);
            if (topic == null) {
                if (!kafka.autoCreateTopicEnabled()) throw missing();
                create(admin);
                topic = awaitCreated(admin);
            }
            Config config = configOf(admin);
            if (config == null) throw new IllegalStateException(name() + " vanished while Sigyn checked it");
            check(topic, config);
            return topic.partitions().size();
        }
    }

    /** A new topic reaches every broker's metadata a moment after its creation was acknowledged. */
    private TopicDescription awaitCreated(Admin admin) {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        while (true) {
            TopicDescription topic = describe(admin);
            if (topic != null && configOf(admin) != null) return topic;
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name() + " was created but the brokers do not show it after "
                        + go(callTimeout));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + name(), e);
            }
        }
    }

    /** The topic, or null when it does not exist. */
    private TopicDescription describe(Admin admin) {
        try {
            return await(admin.describeTopics(List.of(kafka.topic())).allTopicNames()).get(kafka.topic());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return null;
            throw failed("describe", e.getCause());
        }
    }

    private void create(Admin admin) {
        NewTopic topic = new NewTopic(kafka.topic(), kafka.autoCreateTopicDefaultPartitions(),
                (short) kafka.replicationFactor()).configs(createdConfig());
        try {
            await(admin.createTopics(List.of(topic)).all());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) return; // another process created it meanwhile
            throw new IllegalStateException("cannot create " + name() + " with " + kafka.autoCreateTopicDefaultPartitions()
                    + " partitions and replication factor " + kafka.replicationFactor() + ": " + e.getCause().getMessage()
                    + " (start more brokers, lower kafka_config.replication_factor, or create the topic yourself: "
                    + createCommand() + ")", e.getCause());
        }
    }

    /** The settings of a topic Sigyn creates. */
    Map<String, String> createdConfig() {
        return Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(Math.min(MIN_INSYNC_REPLICAS, kafka.replicationFactor())),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(createdRetention().toMillis()),
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(KafkaClients.maxRequestBytes(kafka)));
    }

    /** Twice max_chunk_age and an hour, and at least a week. */
    private Duration createdRetention() {
        Duration d = ingester.maxChunkAge().multipliedBy(2).plusHours(1);
        return d.compareTo(MIN_CREATED_RETENTION) < 0 ? MIN_CREATED_RETENTION : d;
    }

    /**
     * The shortest retention that is safe: an ingester flushes a chunk at max_chunk_age at the latest and commits the
     * offsets behind it at the next checkpoint; a replay after a takeover starts there.
     */
    private Duration neededRetention() {
        return ingester.maxChunkAge().plus(kafka.checkpointInterval());
    }

    /** The topic's settings, or null when the broker asked does not know the topic (yet). */
    private Config configOf(Admin admin) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, kafka.topic());
        try {
            return await(admin.describeConfigs(List.of(resource)).all()).get(resource);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return null;
            throw failed("read the settings of", e.getCause());
        }
    }

    private void check(TopicDescription topic, Config config) {
        List<String> problems = new ArrayList<>();
        int partitions = topic.partitions().size();
        if (partitions < 1) problems.add("it has no partitions");
        int rf = Integer.MAX_VALUE;
        for (TopicPartitionInfo p : topic.partitions()) rf = Math.min(rf, p.replicas().size());
        if (partitions >= 1 && rf < kafka.replicationFactor()) {
            problems.add("replication factor is " + rf + "; Sigyn needs " + kafka.replicationFactor()
                    + " (kafka_config.replication_factor) so that the topic survives the loss of brokers (raise it"
                    + " with kafka-reassign-partitions.sh, or lower kafka_config.replication_factor)");
        }
        int minInsync = intValue(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (partitions >= 1 && minInsync > rf) {
            problems.add(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + " is " + minInsync + " but the replication factor is "
                    + rf + ": no push could ever be acknowledged (" + alter(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    Long.toString(Math.min(MIN_INSYNC_REPLICAS, rf))) + ")");
        } else if (rf >= 3 && minInsync < MIN_INSYNC_REPLICAS) {
            problems.add(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + " is " + minInsync + "; Sigyn needs "
                    + MIN_INSYNC_REPLICAS + " so that an acknowledged push survives the loss of a broker ("
                    + alter(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(MIN_INSYNC_REPLICAS)) + ")");
        }
        long retention = longValue(config, TopicConfig.RETENTION_MS_CONFIG);
        if (retention != -1 && retention <= neededRetention().toMillis()) {
            problems.add(TopicConfig.RETENTION_MS_CONFIG + " is " + retention + " (" + go(Duration.ofMillis(retention))
                    + "); Sigyn needs more than max_chunk_age + kafka_config.checkpoint_interval ("
                    + go(neededRetention()) + ") so that records are kept until the ingesters have flushed them ("
                    + alter(TopicConfig.RETENTION_MS_CONFIG, Long.toString(createdRetention().toMillis())) + ")");
        }
        String cleanup = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
        if (!cleanup.equals(TopicConfig.CLEANUP_POLICY_DELETE)) {
            problems.add(TopicConfig.CLEANUP_POLICY_CONFIG + " is " + cleanup + "; Sigyn needs "
                    + TopicConfig.CLEANUP_POLICY_DELETE + ": its records have no keys to compact by ("
                    + alter(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE) + ")");
        }
        int maxMessage = intValue(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        int needed = KafkaClients.maxRequestBytes(kafka);
        if (maxMessage < needed) {
            problems.add(TopicConfig.MAX_MESSAGE_BYTES_CONFIG + " is " + maxMessage + "; records of up to"
                    + " kafka_config.producer_max_record_size_bytes (" + kafka.producerMaxRecordSizeBytes() + ") need "
                    + needed + " (" + alter(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(needed))
                    + ", or lower producer_max_record_size_bytes)");
        }
        if (!problems.isEmpty()) throw new IllegalStateException(name() + ": " + String.join("; ", problems));
    }

    private IllegalStateException missing() {
        return new IllegalStateException(name() + " does not exist and kafka_config.auto_create_topic_enabled is"
                + " false: create it (" + createCommand() + ") or enable auto_create_topic_enabled");
    }

    private String createCommand() {
        StringBuilder sb = new StringBuilder("kafka-topics.sh --bootstrap-server ").append(kafka.address())
                .append(" --create --topic ").append(kafka.topic())
                .append(" --partitions ").append(kafka.autoCreateTopicDefaultPartitions())
                .append(" --replication-factor ").append(kafka.replicationFactor());
        createdConfig().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append(" --config ").append(e.getKey()).append('=').append(e.getValue()));
        return sb.toString();
    }

    private String alter(String key, String value) {
        return "kafka-configs.sh --bootstrap-server " + kafka.address() + " --alter --entity-type topics --entity-name "
                + kafka.topic() + " --add-config " + key + "=" + value;
    }

    private String name() {
        return "kafka topic \"" + kafka.topic() + "\"";
    }

    private IllegalStateException failed(String what, Throwable cause) {
        if (cause instanceof TimeoutException) return unreachable(cause);
        if (cause instanceof SslAuthenticationException) {
            return new IllegalStateException("the TLS handshake with Kafka at " + kafka.address() + " failed ("
                    + cause.getMessage() + "): " + KafkaClients.TLS_CHECK, cause);
        }
        return new IllegalStateException("cannot " + what + " " + name() + " at " + kafka.address() + ": " + cause, cause);
    }

    /** Kafka did not answer: unlike a wrong topic setting, this may pass (brokers still starting). */
    public static final class KafkaUnreachableException extends IllegalStateException {
        KafkaUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * As {@link #ensure}, waiting up to {@code wait} for brokers that do not answer yet (a cluster's processes may
     * start before its brokers); a wrong setting fails at once.
     */
    public static int ensureWaiting(KafkaConfig kafka, IngesterConfig ingester, java.time.Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return ensure(kafka, ingester);
            } catch (KafkaUnreachableException e) {
                if (System.nanoTime() > deadline) throw e;
                org.slf4j.LoggerFactory.getLogger(TopicSetup.class).atWarn().addKeyValue("error", e.getMessage())
                        .log("waiting for Kafka");
                Thread.sleep(1000);
            }
        }
    }

    private IllegalStateException unreachable(Throwable cause) {
        return new KafkaUnreachableException("Kafka at " + kafka.address() + " did not answer within "
                + go(callTimeout) + " (" + cause.getMessage() + "): check kafka_config.address and that the brokers"
                + " are running and reachable" + (kafka.tlsEnabled() ? "" : " (brokers that take TLS only do not answer"
                + " without kafka_config.tls_enabled)"), cause);
    }

    /** Waits for an admin call a little longer than the client's own timeout, which then reports the cause. */
    private <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(callTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + name(), e);
        }
    }

    private static String value(Config config, String key) {
        ConfigEntry e = config.get(key);
        return e == null || e.value() == null ? "" : e.value();
    }

    private static int intValue(Config config, String key) {
        return (int) longValue(config, key);
    }

    private static long longValue(Config config, String key) {
        return Long.parseLong(value(config, key));
    }

    private static String go(Duration d) {
        return Durations.formatGo(d.toNanos());
    }
}

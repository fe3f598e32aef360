package dev.sigyn.kafka.testkit;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Kafka cluster for tests, in this JVM: one KRaft controller and N brokers (node ids 0..N-1) on 127.0.0.1,
 * each on a free port, with their logs in a temporary directory that {@link #close()} removes. Brokers can be
 * stopped cleanly, killed (a crash as the cluster sees it) and started again at the same address. Not thread-safe:
 * one test drives it. The brokers' one listener (clients and replication) speaks cleartext, or TLS with
 * {@link Builder#tls}.
 *
 * <p>Kafka logs a lot at INFO, and at ERROR for every acks=all write it refuses: a module using this should set the
 * loggers {@code kafka}, {@code org.apache.kafka} and {@code state.change.logger} to ERROR and
 * {@code kafka.server.ReplicaManager} to OFF in its logback-test.xml, and on JDK 24+ run its tests with
 * {@code --sun-misc-unsafe-memory-access=allow} (see this module's pom.xml and logback-test.xml).
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

    private final Path root;
    private final Duration startTimeout;
    private final KafkaNode controller;
    private final List<KafkaNode> brokers = new ArrayList<>();

    /** Starts a cluster of {@code brokers} brokers with the default settings. */
    public static KafkaCluster start(int brokers) {
        return builder().brokers(brokers).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    private KafkaCluster(Builder b) throws IOException {
        ExitGuard.install();
        root = Files.createTempDirectory("sigyn-kafka-");
        startTimeout = b.startTimeout;
        String clusterId = Uuid.randomUuid().toString();
        Map<String, String> overrides = Map.copyOf(b.overrides);
        BrokerTls tls = b.tlsCa == null ? null
                : BrokerTls.write(b.tlsCa, b.requireClientCertificates, root.resolve("tls"));
        String listener = tls == null ? NodeSettings.BROKER_LISTENER : BrokerTls.LISTENER;

        controller = new KafkaNode("controller", root.resolve("controller"), FreePort.pick(),
                port -> NodeSettings.controller(root.resolve("controller"), port));
        for (int i = 0; i < b.brokers; i++) {
            int id = i;
            Path dir = root.resolve("broker-" + i);
            brokers.add(new KafkaNode("broker " + i, dir, FreePort.pick(), port -> {
                Map<String, String> p = NodeSettings.broker(id, b.brokers, dir, port, controller.port(), listener);
                if (tls != null) p.putAll(tls.settings());
                p.putAll(overrides);
                return p;
            }));
        }
        try {
            controller.format(clusterId);
            controller.start(startTimeout, true);
            brokers.forEach(n -> n.format(clusterId));
            // In parallel: each broker's start mostly waits for the controller to register and unfence it.
            forEachInParallel(brokers, n -> n.start(startTimeout, true));
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** host:port of every broker, running or not, for the clients' bootstrap.servers. */
    public String bootstrapServers() {
        return brokers.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    public int brokerCount() {
        return brokers.size();
    }

    public boolean isRunning(int broker) {
        return node(broker).running();
    }

    /** A clean shutdown of broker {@code broker} (its node id): it hands its leaderships over first. */
    public void stopBroker(int broker) {
        node(broker).stop();
    }

    /**
     * Stops broker {@code broker} abruptly, as far as the cluster can tell: no controlled shutdown, so its
     * partitions keep it as leader until the controller fences it (broker.session.timeout.ms, 4 s here), and its
     * next start recovers its logs.
     */
    public void killBroker(int broker) {
        node(broker).kill();
    }

    /** Starts a stopped or killed broker again, on its old port and log directory; returns once it is unfenced. */
    public void startBroker(int broker) {
        KafkaNode n = node(broker);
        if (n.running()) throw new IllegalStateException(n.name() + " is already running");
        n.start(startTimeout, false);
    }

    /** Stops every node and removes the cluster's directory. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        try {
            forEachInParallel(brokers.stream().filter(KafkaNode::running).toList(), KafkaNode::stop);
        } catch (RuntimeException e) {
            failures.add(e);
        }
        try {
            controller.stop();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        deleteRecursively(root);
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("Kafka cluster did not stop cleanly");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private KafkaNode node(int broker) {
        if (broker < 0 || broker >= brokers.size()) {
            throw new IllegalArgumentException("no broker " + broker + " (brokers are 0.." + (brokers.size() - 1) + ")");
        }
        return brokers.get(broker);
    }

    /** Runs {@code action} on each node in its own thread; throws the failures together once all are done. */
    private static void forEachInParallel(List<KafkaNode> nodes, Consumer<KafkaNode> action) {
        Map<KafkaNode, CompletableFuture<Void>> runs = new LinkedHashMap<>();
        for (KafkaNode n : nodes) {
            runs.put(n, CompletableFuture.runAsync(() -> action.accept(n),
                    r -> Thread.ofPlatform().daemon().name("kafka-testkit-" + n.name().replace(' ', '-')).start(r)));
        }
        List<Throwable> failures = new ArrayList<>();
        runs.values().forEach(f -> {
            try {
                f.join();
            } catch (RuntimeException e) {
                failures.add(e.getCause() != null ? e.getCause() : e);
            }
        });
        if (failures.size() == 1 && failures.getFirst() instanceof RuntimeException e) throw e;
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException(failures.size() + " Kafka nodes failed: "
                    + failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")));
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("cannot remove the Kafka cluster's directory {}: {}", dir, e.toString());
        }
    }

    public static final class Builder {
        private int brokers = 3;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private TestCertificates.Ca tlsCa;
        private boolean requireClientCertificates;

        private Builder() {}

        public Builder brokers(int count) {
            if (count < 1) throw new IllegalArgumentException("brokers must be at least 1, not " + count);
            brokers = count;
            return this;
        }

        /** A broker property over the test kit's own (for example a topic default such as min.insync.replicas). */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * The brokers take clients (and each other) over TLS only, with a certificate of {@code ca} for 127.0.0.1 and
         * {@code localhost}; clients then need {@code security.protocol=SSL} and {@code ca} as their trust store.
         */
        public Builder tls(TestCertificates.Ca ca) {
            tlsCa = ca;
            return this;
        }

        /** Over {@link #tls}: a client must present a certificate of the same CA ({@code ssl.client.auth=required}). */
        public Builder requireClientCertificates() {
            requireClientCertificates = true;
            return this;
        }

        /** How long a node may take to start before the start fails (60 s by default). */
        public Builder startTimeout(Duration timeout) {
            startTimeout = timeout;
            return this;
        }

        /** Starts the cluster; returns once every broker is registered and unfenced, or throws saying which not. */
        public KafkaCluster start() {
            if (requireClientCertificates && tlsCa == null) {
                throw new IllegalStateException("requireClientCertificates() needs tls(ca): the CA of the certificates");
            }
            long t0 = System.nanoTime();
            KafkaCluster cluster;
            try {
                cluster = new KafkaCluster(this);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the Kafka cluster's directory: " + e, e);
            }
            LOG.info("Kafka cluster of {} brokers started in {} ms at {}", brokers,
                    (System.nanoTime() - t0) / 1_000_000, cluster.bootstrapServers());
            return cluster;
        }
    }
}

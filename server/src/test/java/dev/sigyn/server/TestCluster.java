package dev.sigyn.server;

import dev.sigyn.kafka.testkit.KafkaCluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A microservices-mode cluster for tests: Kafka brokers in this JVM, S3Proxy as the bucket, and each Sigyn process a
 * child process of its own (so that a test can kill it with SIGKILL and start it again with the same data and ports).
 * Processes are named as {@code bin/sigyn-cluster} names them: {@code distributor-1}, {@code ingester-2}, ...
 */
final class TestCluster implements AutoCloseable {
    /** What to start; the query-frontend and the compactor share one process. */
    record Shape(int brokers, int partitions, int distributors, int ingesters, int queriers) {}

    private final Path dir;
    final KafkaCluster kafka;
    final S3TestProxy s3;
    private final Shape shape;
    private final List<String> extraFlags;
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    /** One Sigyn process: its target, ports (kept across restarts) and the running process, if any. */
    static final class Node {
        final String name;
        final String target;
        final int httpPort;
        final int grpcPort;
        SigynProcess process;

        Node(String name, String target) throws IOException {
            this.name = name;
            this.target = target;
            this.httpPort = SigynProcess.freePort();
            this.grpcPort = SigynProcess.freePort();
        }

        TestServer client() {
            return TestServer.remote("http://127.0.0.1:" + httpPort);
        }
    }

    private TestCluster(Path dir, KafkaCluster kafka, S3TestProxy s3, Shape shape, List<String> extraFlags) {
        this.dir = dir;
        this.kafka = kafka;
        this.s3 = s3;
        this.shape = shape;
        this.extraFlags = List.copyOf(extraFlags);
    }

    /** Starts brokers, the bucket and every process, and returns once all are ready. */
    static TestCluster start(Path dir, Shape shape, List<String> extraFlags) throws Exception {
        KafkaCluster kafka = KafkaCluster.builder().brokers(shape.brokers())
                .brokerProperty("group.initial.rebalance.delay.ms", "0")
                .brokerProperty("group.min.session.timeout.ms", "2000")
                .brokerProperty("offsets.topic.replication.factor", String.valueOf(Math.min(3, shape.brokers())))
                .start();
        S3TestProxy s3 = null;
        try {
            s3 = S3TestProxy.start(dir.resolve("s3"));
            TestCluster c = new TestCluster(dir, kafka, s3, shape, extraFlags);
            for (int i = 1; i <= shape.ingesters(); i++) c.add("ingester-" + i, "ingester");
            for (int i = 1; i <= shape.distributors(); i++) c.add("distributor-" + i, "distributor");
            for (int i = 1; i <= shape.queriers(); i++) c.add("querier-" + i, "querier");
            c.add("query-frontend-1", "query-frontend,compactor");
            try {
                for (Node n : c.nodes.values()) c.launch(n);
                for (Node n : c.nodes.values()) n.process.awaitReady();
            } catch (Exception e) {
                for (Node n : c.nodes.values()) if (n.process != null) n.process.close();
                throw e;
            }
            return c;
        } catch (Exception e) {
            if (s3 != null) s3.close();
            kafka.close();
            throw e;
        }
    }

    private void add(String name, String target) throws IOException {
        nodes.put(name, new Node(name, target));
    }

    private void launch(Node n) throws IOException {
        int rf = Math.min(3, shape.brokers());
        List<String> flags = new ArrayList<>(List.of(
                "-target=" + n.target,
                "-server.grpc-listen-port=" + n.grpcPort,
                "-common.instance-addr=127.0.0.1",
                "-kafka.address=" + kafka.bootstrapServers(),
                "-kafka.topic=sigyn",
                "-kafka.auto-create-topic-default-partitions=" + shape.partitions(),
                "-kafka.replication-factor=" + rf,
                "-kafka.checkpoint-interval=2s",
                "-common.storage.s3.endpoint=127.0.0.1:" + s3.port(),
                "-common.storage.s3.buckets=" + S3TestProxy.BUCKET,
                "-common.storage.s3.access-key-id=" + S3TestProxy.KEY,
                "-common.storage.s3.secret-access-key=" + S3TestProxy.SECRET,
                "-common.storage.s3.region=us-east-1",
                "-common.storage.s3.insecure=true",
                "-common.storage.s3.force-path-style=true",
                "-validation.discover-service-name=",
                "-validation.discover-log-levels=false",
                "-log.level=info"));
        flags.addAll(extraFlags);
        n.process = SigynProcess.startOnPort(dir.resolve(n.name), n.httpPort,
                List.of("-Xmx384m", "-XX:-UseZGC", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), flags);
    }

    Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) throw new IllegalArgumentException("no process " + name + " in " + nodes.keySet());
        return n;
    }

    List<TestServer> distributors() {
        return nodes.values().stream().filter(n -> n.target.equals("distributor")).map(Node::client).toList();
    }

    TestServer frontend() {
        return node("query-frontend-1").client();
    }

    /** SIGKILL: no shutdown of any kind. */
    void kill(String name) throws InterruptedException {
        Process p = node(name).process.process;
        p.destroyForcibly();
        p.waitFor();
    }

    /** Starts a stopped process again with the same data and ports, and waits until it is ready. */
    void restart(String name) throws Exception {
        Node n = node(name);
        launch(n);
        n.process.awaitReady();
    }

    /**
     * SIGTERM to every running Sigyn process at once, as an operator stops a whole cluster; waits up to {@code bound}
     * for each to exit. Returns their exit statuses (null: still running after {@code bound}). Brokers and the bucket
     * stay up; {@link #startAll()} starts the processes again.
     */
    Map<String, Integer> stopAll(java.time.Duration bound) throws InterruptedException {
        List<Node> running = nodes.values().stream().filter(n -> n.process != null && n.process.process.isAlive())
                .toList();
        for (Node n : running) n.process.process.destroy();
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (Node n : running) statuses.put(n.name, n.process.awaitExit(bound));
        return statuses;
    }

    /** Starts every process again with its ports and data, and returns once all are ready. */
    void startAll() throws Exception {
        for (Node n : nodes.values()) launch(n);
        for (Node n : nodes.values()) n.process.awaitReady();
    }

    /** Starts again every process that is not running (killed or stopped), and waits until they are ready. */
    void startStopped() throws Exception {
        List<Node> stopped = nodes.values().stream().filter(n -> n.process == null || !n.process.process.isAlive())
                .toList();
        for (Node n : stopped) launch(n);
        for (Node n : stopped) n.process.awaitReady();
    }

    /** SIGTERM to every process (a clean stop), then the brokers and the bucket. */
    @Override
    public void close() throws Exception {
        for (Node n : nodes.values()) {
            if (n.process != null && n.process.process.isAlive()) n.process.terminate(java.time.Duration.ofSeconds(30));
        }
        for (Node n : nodes.values()) if (n.process != null) n.process.close();
        s3.close();
        kafka.close();
    }
}

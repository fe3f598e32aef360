package dev.sigyn.kafka.testkit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * One KRaft node (the controller or a broker) running in this JVM: Kafka's own server class, started, stopped and
 * started again on the same log directory and port.
 */
final class KafkaNode {
    private final String name;
    private final Path dir;
    private final IntFunction<Map<String, String>> settingsForPort;
    private int port;
    private volatile KafkaRaftServer server;

    /** {@code settingsForPort} gives the node's server properties for a listener port. */
    KafkaNode(String name, Path dir, int port, IntFunction<Map<String, String>> settingsForPort) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.settingsForPort = settingsForPort;
    }

    String name() { return name; }

    int port() { return port; }

    boolean running() { return server != null; }

    /** Writes the node's meta.properties, as {@code kafka-storage format} does; once, before the first start. */
    void format(String clusterId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("server.properties");
            Properties props = new Properties();
            props.putAll(settingsForPort.apply(port));
            try (Writer w = Files.newBufferedWriter(file)) {
                props.store(w, "written by dev.sigyn.kafka.testkit for kafka-storage format");
            }
            try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                status = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", file.toString()}, print);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(name + ": cannot format its log directory " + dir + ": " + e, e);
        }
        if (status != 0) {
            throw new IllegalStateException(name + ": kafka-storage format of " + dir + " failed (status " + status
                    + "): " + out.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Starts the node and waits until it serves (a broker: registered, caught up and unfenced). When its port was
     * taken in the meantime, tries again: on another port if {@code mayMovePort} (a first start), else on the same
     * one a moment later (a restart, which must keep the address the clients know).
     */
    void start(Duration timeout, boolean mayMovePort) {
        for (int attempt = 1; ; attempt++) {
            awaitFreePort(mayMovePort);
            try {
                startOnce(timeout);
                return;
            } catch (PortTakenException e) {
                // Taken between the check and Kafka's bind, which comes last in a broker's start.
                if (attempt == 3) {
                    throw new IllegalStateException(name + ": port " + port + " taken at each of " + attempt
                            + " starts", e.getCause());
                }
            }
        }
    }

    private void awaitFreePort(boolean mayMovePort) {
        for (int waits = 0; !FreePort.isFree(port); waits++) {
            if (mayMovePort) {
                port = FreePort.pick();
            } else if (waits == 10) {
                throw new IllegalStateException(name + ": port " + port + " stays taken, and a restarted broker "
                        + "keeps its port (the address its clients know)");
            } else {
                sleep(200);
            }
        }
    }

    private void startOnce(Duration timeout) {
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(settingsForPort.apply(port), false), Time.SYSTEM);
        CompletableFuture<Void> started = CompletableFuture.runAsync(s::startup,
                r -> Thread.ofPlatform().daemon().name("kafka-start-" + name.replace(' ', '-')).start(r));
        try {
            started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            server = s;
        } catch (ExecutionException e) {
            shutDownQuietly(s);
            if (hasCause(e.getCause(), BindException.class)) {
                throw new PortTakenException(e.getCause());
            }
            throw new IllegalStateException(name + " failed to start (port " + port + ", " + dir + "): "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            shutDownQuietly(s);
            throw new IllegalStateException(name + " did not start within " + timeout + " (port " + port + ", "
                    + dir + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDownQuietly(s);
            throw new IllegalStateException(name + ": interrupted while starting", e);
        }
    }

    /** A clean stop: a broker first hands its partition leaderships over (Kafka's controlled shutdown). */
    void stop() {
        if (server == null) return;
        KafkaRaftServer s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
    }

    /**
     * Stops a broker the way a crash looks to the rest of the cluster: no controlled shutdown (the controller fences
     * it when its heartbeats stop, after broker.session.timeout.ms) and no clean-shutdown marker (the next start
     * recovers its logs).
     */
    void kill() {
        if (server == null) return;
        CrashSwitch.disableControlledShutdown(server);
        stop();
        CrashSwitch.forgetCleanShutdown(dir);
    }

    private static void shutDownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // it failed to start; what matters is the start's own error
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException(Throwable cause) { super(cause); }
    }
}

package dev.sigyn.cluster;

import dev.sigyn.config.ConfigException;
import dev.sigyn.config.ConfigLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A microservices-mode cluster on one machine: Kafka brokers ({@link BrokerMain}) and Sigyn processes (the server's
 * jar with a {@code -target}), each a process of its own that outlives the JVM that started it, with everything under
 * one directory DIR:
 * <ul>
 * <li>{@code DIR/cluster.txt}: one line per process, {@code NAME PID ADDRESS}, the cluster's state;</li>
 * <li>{@code DIR/NAME/command.txt}: the process's command line, one argument a line, so that {@link #start} brings it
 *     back with the same ports and data; {@code DIR/NAME/log.txt}: its output;</li>
 * <li>{@code DIR/NAME/data}: a Sigyn process's {@code common.path_prefix}; {@code DIR/NAME/kafka-logs}: a broker's
 *     log directory; {@code DIR/bucket}: the object store all Sigyn processes share (unless the configuration file
 *     names an S3 bucket); {@code DIR/kafka-cluster-id}.</li>
 * </ul>
 * Every method reads the state from DIR, so a cluster started by {@code bin/sigyn-cluster up} can be driven from a
 * test and the other way round. Not meant for two launchers changing one cluster at the same moment.
 */
public final class LocalCluster implements AutoCloseable {
    static final String CLUSTER_FILE = "cluster.txt";
    private static final String COMMAND_FILE = "command.txt";
    private static final String LOG_FILE = "log.txt";
    /** Marks a process's command line as this cluster member's, so that a reused pid is never killed by mistake. */
    private static final String MEMBER_PROPERTY = "-Dsigyn.cluster.member=";
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);
    private static final List<String> SIGYN_JVM = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");
    private static final List<String> BROKER_JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-Dsigyn.cluster.kafka-log-level=WARN");

    private final Path dir;

    private LocalCluster(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The cluster whose state is in {@code dir} (made by an earlier {@link #up}), running or not. */
    public static LocalCluster open(Path dir) {
        LocalCluster c = new LocalCluster(dir);
        if (!Files.exists(c.dir.resolve(CLUSTER_FILE))) {
            throw new IllegalStateException("no cluster in " + c.dir + " (no " + CLUSTER_FILE + "): start one with up");
        }
        return c;
    }

    /**
     * Starts a cluster in {@code dir} and returns once every process is ready. When {@code dir} already holds a
     * cluster whose processes are all stopped, starts each of them again with its old ports and data ({@code options}'
     * counts are then ignored): the whole cluster stopped and started again.
     *
     * @throws IllegalStateException a process did not become ready in time or exited (the message names it and
     *                               ends with the tail of its log); whatever had started is stopped again
     */
    public static LocalCluster up(Path dir, Options options) {
        LocalCluster c = new LocalCluster(dir);
        if (Files.exists(c.dir.resolve(CLUSTER_FILE))) {
            List<Member> running = c.members().stream().filter(m -> c.liveProcess(m).isPresent()).toList();
            if (!running.isEmpty()) {
                throw new IllegalStateException("a cluster is already running in " + c.dir + " ("
                        + running.stream().map(Member::name).collect(Collectors.joining(", "))
                        + "): bin/sigyn-cluster down " + c.dir + " first");
            }
            c.startAll(c.members(), options.readyTimeout());
        } else {
            c.create(options);
            c.startAll(c.members(), options.readyTimeout());
        }
        if (options.stopWithJvm()) {
            Runtime.getRuntime().addShutdownHook(new Thread(c::down, "sigyn-cluster-down"));
        }
        return c;
    }

    /** kill -9 of process {@code name} of the cluster in {@code dir}. */
    public static void kill(Path dir, String name) {
        open(dir).kill(name);
    }

    /** Starts process {@code name} of the cluster in {@code dir} again, with its old address and data. */
    public static void start(Path dir, String name) {
        open(dir).start(name);
    }

    /** Stops every process of the cluster in {@code dir} cleanly (SIGTERM; kill -9 of what is left after 30 s). */
    public static void down(Path dir) {
        open(dir).down();
    }

    public Path dir() {
        return dir;
    }

    /** Every process, brokers first, as DIR/cluster.txt lists them (with the pid of each one's last start). */
    public List<Member> members() {
        try {
            return Files.readAllLines(dir.resolve(CLUSTER_FILE)).stream().filter(l -> !l.isBlank())
                    .map(Member::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(CLUSTER_FILE), e);
        }
    }

    public Member member(String name) {
        return members().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process " + name + " in the cluster in " + dir
                        + " (it has " + members().stream().map(Member::name).collect(Collectors.joining(", "))
                        + ")"));
    }

    /** The addresses of the processes of one role ({@code broker}, {@code distributor}, {@code query-frontend}...). */
    public List<String> addresses(String role) {
        return members().stream().filter(m -> m.role().equals(role)).map(Member::address).toList();
    }

    /** host:port of every broker, for a Kafka client's bootstrap.servers. */
    public String bootstrapServers() {
        return String.join(",", addresses("broker"));
    }

    public boolean isRunning(String name) {
        return liveProcess(member(name)).isPresent();
    }

    /** kill -9 of process {@code name}; returns once it is gone. */
    public void kill(String name) {
        Member m = member(name);
        ProcessHandle p = liveProcess(m)
                .orElseThrow(() -> new IllegalStateException(name + " is not running (pid " + m.pid() + ")"));
        p.destroyForcibly();
        awaitExit(List.of(p), Duration.ofSeconds(10));
        if (p.isAlive()) throw new IllegalStateException(name + " (pid " + p.pid() + ") survived kill -9");
    }

    /** Starts process {@code name} again with its old command (address, ports, data); returns once it is ready. */
    public void start(String name) {
        Member m = member(name);
        if (liveProcess(m).isPresent()) throw new IllegalStateException(name + " is already running (pid " + m.pid() + ")");
        startAll(List.of(m), Options.defaults().readyTimeout());
    }

    /**
     * Stops every process cleanly: SIGTERM to the Sigyn processes, then to the brokers (so that the Sigyn processes can
     * still reach Kafka while they stop); kill -9 of any that is still running 30 s later.
     */
    public void down() {
        if (!Files.exists(dir.resolve(CLUSTER_FILE))) return; // removed since (a test's temporary directory)
        List<Member> all = members();
        stop(all.stream().filter(m -> !m.isBroker()).toList());
        stop(all.stream().filter(Member::isBroker).toList());
    }

    @Override
    public void close() {
        down();
    }

    // ---- creating a cluster

    private record Planned(Member member, List<String> command) {}

    private void create(Options options) {
        boolean sigyn = options.distributors() + options.ingesters() + options.queriers() + options.queryFrontends()
                + options.compactors() > 0;
        if (sigyn && !Files.isRegularFile(options.sigynJar())) {
            throw new IllegalStateException("no Sigyn server jar at " + options.sigynJar().toAbsolutePath()
                    + " (build it: ./mvnw -DskipTests -pl server -am package)");
        }
        boolean s3 = options.configFile().map(LocalCluster::namesS3Bucket).orElse(false);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Ports ports = new Ports();
        List<Planned> planned = new ArrayList<>();
        planned.addAll(planBrokers(options, ports));
        String bootstrap = planned.stream().map(p -> p.member().address()).collect(Collectors.joining(","));
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("distributor", options.distributors());
        counts.put("ingester", options.ingesters());
        counts.put("querier", options.queriers());
        counts.put("query-frontend", options.queryFrontends());
        counts.put("compactor", options.compactors());
        counts.forEach((target, n) -> {
            for (int i = 1; i <= n; i++) {
                planned.add(planSigyn(target, target + "-" + i, options, ports, bootstrap, s3));
            }
        });
        for (Planned p : planned) {
            Path memberDir = dir.resolve(p.member().name());
            write(memberDir.resolve(COMMAND_FILE), String.join("\n", p.command()) + "\n");
        }
        writeMembers(planned.stream().map(Planned::member).toList());
    }

    private List<Planned> planBrokers(Options options, Ports ports) {
        String clusterId = Uuid.randomUuid().toString();
        write(dir.resolve("kafka-cluster-id"), clusterId + "\n");
        int n = options.brokers();
        int[] port = new int[n + 1];
        int[] controllerPort = new int[n + 1];
        List<String> voters = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            port[id] = ports.pick();
            controllerPort[id] = ports.pick();
            voters.add(id + "@127.0.0.1:" + controllerPort[id]);
        }
        List<Planned> planned = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            String name = "broker-" + id;
            Path memberDir = dir.resolve(name);
            Path properties = memberDir.resolve("server.properties");
            Properties p = new Properties();
            p.putAll(BrokerSettings.of(id, port[id], controllerPort[id], String.join(",", voters),
                    memberDir.resolve("kafka-logs"), n, options.partitions()));
            try {
                Files.createDirectories(memberDir);
                try (Writer w = Files.newBufferedWriter(properties)) {
                    p.store(w, "written by bin/sigyn-cluster (dev.sigyn.cluster.LocalCluster)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + properties, e);
            }
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.addAll(BROKER_JVM);
            if (Runtime.version().feature() >= 24) {
                // Kafka 4.1 unmaps its index files through sun.misc.Unsafe, which JDK 24+ warns about.
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.addAll(javaOptionsFromEnvironment());
            command.add(MEMBER_PROPERTY + memberDir);
            // The class path in a file of its own (java @FILE), so that ps and /proc show a short command line.
            Path classpath = memberDir.resolve("classpath.args");
            write(classpath, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
            command.add("@" + classpath);
            command.add(BrokerMain.class.getName());
            command.add(properties.toString());
            command.add(clusterId);
            planned.add(new Planned(new Member(name, 0, "127.0.0.1:" + port[id]), command));
        }
        return planned;
    }

    private Planned planSigyn(String target, String name, Options options, Ports ports, String bootstrap, boolean s3) {
        Path memberDir = dir.resolve(name);
        int httpPort = ports.pick();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(SIGYN_JVM);
        command.addAll(javaOptionsFromEnvironment());
        command.add(MEMBER_PROPERTY + memberDir);
        command.add("-jar");
        command.add(options.sigynJar().toAbsolutePath().toString());
        options.configFile().ifPresent(f -> command.add("-config.file=" + f.toAbsolutePath()));
        command.add("-target=" + target);
        command.add("-server.http-listen-address=127.0.0.1");
        command.add("-server.http-listen-port=" + httpPort);
        command.add("-server.grpc-listen-port=" + ports.pick());
        command.add("-common.instance-addr=127.0.0.1");
        command.add("-common.path-prefix=" + memberDir.resolve("data"));
        if (!s3) command.add("-common.storage.filesystem.chunk-directory=" + dir.resolve("bucket"));
        command.add("-kafka.address=" + bootstrap);
        command.add("-kafka.auto-create-topic-default-partitions=" + options.partitions());
        command.add("-kafka.replication-factor=" + BrokerSettings.replicationFactor(options.brokers()));
        command.addAll(options.extraFlags());
        return new Planned(new Member(name, 0, "http://127.0.0.1:" + httpPort), command);
    }

    /** Whether the user's configuration file puts the chunks in S3 (then the launcher's shared directory is not used). */
    static boolean namesS3Bucket(Path configFile) {
        try {
            return ConfigLoader.load(new String[] {"-config.file=" + configFile}).config().common().storage().s3()
                    .isConfigured();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--config " + configFile + ": " + e.getMessage(), e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SIGYN_CLUSTER_JAVA_OPTS: more JVM options for every process (after the launcher's, so they win). */
    private static List<String> javaOptionsFromEnvironment() {
        String opts = System.getenv("SIGYN_CLUSTER_JAVA_OPTS");
        return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    // ---- starting and stopping processes

    /** Starts the brokers among {@code members}, waits for them, then the Sigyn processes, and waits for them. */
    private void startAll(List<Member> members, Duration timeout) {
        List<Process> started = new ArrayList<>();
        try {
            for (List<Member> wave : List.of(members.stream().filter(Member::isBroker).toList(),
                    members.stream().filter(m -> !m.isBroker()).toList())) {
                if (wave.isEmpty()) continue;
                Map<Member, Process> processes = new LinkedHashMap<>();
                for (Member m : wave) {
                    Process p = launch(m);
                    started.add(p);
                    processes.put(m.withPid(p.pid()), p);
                }
                awaitReady(processes, timeout);
            }
        } catch (RuntimeException e) {
            if (members.size() > 1) { // a failed up: stop what it started (DIR keeps the logs)
                started.forEach(Process::destroy);
                awaitExit(started.stream().map(Process::toHandle).toList(), STOP_BOUND);
                started.forEach(Process::destroyForcibly);
            }
            throw e;
        }
    }

    private Process launch(Member m) {
        Path memberDir = dir.resolve(m.name());
        List<String> command;
        try {
            command = Files.readAllLines(memberDir.resolve(COMMAND_FILE)).stream().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the command of " + m.name(), e);
        }
        if (m.isBroker()) awaitFreePort(m);
        Path log = memberDir.resolve(LOG_FILE);
        List<String> full = new ArrayList<>();
        // In a session of its own, so that a Ctrl-C or hang-up of the terminal that ran bin/sigyn-cluster leaves the
        // cluster running (setsid execs the command in place: the pid is the JVM's).
        setsid().ifPresent(full::add);
        full.addAll(command);
        try {
            Files.createDirectories(memberDir);
            Files.writeString(log, "---- " + Instant.now() + " sigyn-cluster starts " + m.name() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(full).directory(memberDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            setPid(m.name(), p.pid());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + m.name() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> setsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** A restarted broker keeps its port; a killed one's listener may take a moment to go. */
    private static void awaitFreePort(Member m) {
        for (int i = 0; i < 50 && !Ports.isFree(m.port()); i++) sleep(200);
    }

    private void awaitReady(Map<Member, Process> processes, Duration timeout) {
        Map<Member, Process> pending = new LinkedHashMap<>(processes);
        Map<Member, String> lastReason = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Admin admin = null;
        try {
            while (!pending.isEmpty()) {
                Set<Integer> registered = Set.of();
                if (pending.keySet().stream().anyMatch(Member::isBroker)) {
                    if (admin == null) admin = admin(processes.keySet());
                    registered = registeredBrokers(admin);
                }
                for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    Member m = e.getKey();
                    if (!e.getValue().isAlive()) {
                        throw new IllegalStateException(m.name() + " exited with status " + e.getValue().exitValue()
                                + " before it was ready" + logTail(m));
                    }
                    String reason = m.isBroker() ? brokerNotReady(m, registered) : sigynNotReady(m, http);
                    if (reason == null) it.remove();
                    else lastReason.put(m, reason);
                }
                if (pending.isEmpty()) break;
                if (System.nanoTime() > deadline) {
                    Member m = pending.keySet().iterator().next();
                    throw new IllegalStateException(pending.keySet().stream().map(Member::name)
                            .collect(Collectors.joining(", ")) + " not ready within " + timeout.toSeconds() + " s ("
                            + m.name() + ": " + lastReason.get(m) + ")" + logTail(m));
                }
                sleep(250);
            }
        } finally {
            if (admin != null) admin.close(Duration.ofSeconds(2));
        }
    }

    private Admin admin(Set<Member> brokers) {
        String bootstrap = members().stream().filter(Member::isBroker).map(Member::address)
                .collect(Collectors.joining(","));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "sigyn-cluster");
        return Admin.create(p);
    }

    /** The node ids the cluster lists as live, unfenced brokers; empty while no broker answers. */
    private static Set<Integer> registeredBrokers(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream().map(Node::id)
                    .collect(Collectors.toSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the brokers", e);
        } catch (Exception e) {
            return Set.of();
        }
    }

    /** Null when the broker accepts connections and the cluster lists it as registered; else why not. */
    private static String brokerNotReady(Member m, Set<Integer> registered) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", m.port()), 500);
        } catch (IOException e) {
            return "port " + m.port() + " does not accept connections";
        }
        return registered.contains(m.nodeId()) ? null
                : "not registered with the controller quorum (live brokers: " + registered + ")";
    }

    /** Null when GET /ready answers 200; else why not. */
    private static String sigynNotReady(Member m, HttpClient http) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m.address() + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? null : "/ready answers " + r.statusCode() + ": " + r.body().strip();
        } catch (IOException e) {
            return "/ready: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + m.name(), e);
        }
    }

    private void stop(List<Member> members) {
        List<ProcessHandle> live = members.stream().map(this::liveProcess).flatMap(Optional::stream).toList();
        live.forEach(ProcessHandle::destroy);
        awaitExit(live, STOP_BOUND);
        live.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitExit(live, Duration.ofSeconds(10));
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return; // the caller deals with what is still alive
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The member's process if it is running: its pid alive, and that pid's command line this member's. (The JDK
     * gives at most the first 4 KiB of a command line, and no arguments at all beyond; the marker comes early.)
     */
    private Optional<ProcessHandle> liveProcess(Member m) {
        if (m.pid() <= 0) return Optional.empty();
        String marker = MEMBER_PROPERTY + dir.resolve(m.name());
        return ProcessHandle.of(m.pid()).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker + " ")).orElse(false));
    }

    private String logTail(Member m) {
        Path log = dir.resolve(m.name()).resolve(LOG_FILE);
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "; the end of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "; no log at " + log;
        }
    }

    // ---- DIR/cluster.txt

    private synchronized void writeMembers(List<Member> members) {
        StringBuilder text = new StringBuilder();
        members.forEach(m -> text.append(m.line()).append('\n'));
        write(dir.resolve(CLUSTER_FILE), text.toString());
    }

    /** Records a process's new pid in DIR/cluster.txt (under a lock: tests may start processes in parallel). */
    private void setPid(String name, long pid) {
        synchronized (LocalCluster.class) {
            try (FileChannel ch = FileChannel.open(dir.resolve(".cluster.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                writeMembers(members().stream().map(m -> m.name().equals(name) ? m.withPid(pid) : m).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update " + dir.resolve(CLUSTER_FILE), e);
            }
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

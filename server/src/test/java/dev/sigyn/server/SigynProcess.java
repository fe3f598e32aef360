package dev.sigyn.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sigyn as a separate JVM started with the JVM options of bin/sigyn (read from bin/jvm.options, the file bin/sigyn
 * passes to java), so that tests see what an operator's process does: its memory, its exit on SIGTERM or on an
 * OutOfMemoryError. Extra JVM options come after the file's and win, as SIGYN_JAVA_OPTS do.
 */
final class SigynProcess implements AutoCloseable {
    final Process process;
    final String base;
    final Path log;
    private final int port;

    private SigynProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
        this.log = log;
    }

    int port() {
        return port;
    }

    /** bin/jvm.options of this checkout: tests run in a module folder, the file is in the repository's bin/. */
    static Path jvmOptions() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path options = dir.resolve("bin/jvm.options");
            if (Files.isRegularFile(options) && Files.isRegularFile(dir.resolve("bin/sigyn"))) return options;
        }
        throw new IllegalStateException("bin/jvm.options not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Starts Sigyn on a free port over {@code dataDir} with auth enabled and old samples accepted.
     *
     * @param jvmOptions extra JVM options, after bin/jvm.options
     * @param flags      extra Sigyn flags
     */
    static SigynProcess start(Path dataDir, List<String> jvmOptions, List<String> flags) throws IOException {
        return startOnPort(dataDir, freePort(), jvmOptions, flags);
    }

    /** As {@link #start}, on a given port (a process started again keeps its address). */
    static SigynProcess startOnPort(Path dataDir, int port, List<String> jvmOptions, List<String> flags)
            throws IOException {
        List<String> cmd = command(jvmOptions);
        cmd.addAll(List.of("-server.http-listen-port=" + port, "-server.http-listen-address=127.0.0.1", "-auth.enabled=true",
                "-validation.reject-old-samples=false", "-common.path-prefix=" + dataDir));
        cmd.addAll(flags);
        Path log = dataDir.resolve("sigyn-" + System.nanoTime() + ".log");
        Files.createDirectories(dataDir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new SigynProcess(p, port, log);
    }

    /** The command line of bin/sigyn with this test's classes in place of the jar, before Sigyn's own flags. */
    static List<String> command(List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "@" + jvmOptions()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.sigyn.server.Main"));
        return cmd;
    }

    SigynProcess awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Sigyn exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpRequest.Builder ready = HttpRequest.newBuilder(URI.create(base + "/ready"))
                        .timeout(Duration.ofSeconds(5)).GET();
                if (TestServer.send(base, ready).statusCode() == 200) return this;
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Sigyn not ready within 120 s:\n" + logText());
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size, from /proc (Linux). */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
    }

    /** Sends SIGTERM and waits up to {@code bound} for the process to exit; its exit status, or null if alive. */
    Integer terminate(Duration bound) throws InterruptedException {
        process.destroy();
        return awaitExit(bound);
    }

    Integer awaitExit(Duration bound) throws InterruptedException {
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the process if it still runs, and prints the end of its log (kept in the test's report). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
        List<String> lines = logText().lines().toList();
        System.out.println("--- end of the Sigyn log " + log.getFileName() + " ---");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

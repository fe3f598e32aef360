package dev.sigyn.server;

import dev.sigyn.config.ServerConfig;

import java.time.Duration;

/**
 * Closes the server when the JVM shuts down (SIGTERM), in bounded time. Requests in progress get
 * {@code server.graceful_shutdown_timeout}; the ingester's checkpoint, its final flush when configured, and the
 * closing of the object store get {@link #AFTER_REQUESTS} more. Past that a watchdog halts the JVM: a stuck flush or a
 * hung thread must not keep a process alive that was told to stop, and halting loses nothing, because the WAL holds
 * every acknowledged push and the next start replays it.
 */
final class BoundedShutdown {
    static final Duration AFTER_REQUESTS = Duration.ofSeconds(60);
    /** The exit status when the watchdog had to halt. */
    static final int HALTED = 1;

    private final AutoCloseable server;
    private final Duration bound;
    // Made before they are needed: a JVM short of memory may not be able to make them later.
    private final Thread watchdog;
    private final Thread hook;

    private BoundedShutdown(AutoCloseable server, Duration bound) {
        this.server = server;
        this.bound = bound;
        this.watchdog = new Thread(this::haltWhenLate, "sigyn-shutdown-watchdog");
        this.watchdog.setDaemon(true);
        this.hook = new Thread(this::close, "sigyn-shutdown");
    }

    /** The longest a shutdown may take with this configuration before the JVM is halted. */
    static Duration bound(ServerConfig config) {
        return config.gracefulShutdownTimeout().plus(AFTER_REQUESTS);
    }

    static void register(AutoCloseable server, Duration bound) {
        Runtime.getRuntime().addShutdownHook(new BoundedShutdown(server, bound).hook);
    }

    private void close() {
        watchdog.start();
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("sigyn: shutdown failed: " + e);
        } finally {
            watchdog.interrupt();
        }
    }

    private void haltWhenLate() {
        try {
            Thread.sleep(bound);
        } catch (InterruptedException closedInTime) {
            return;
        }
        try {
            System.err.println("sigyn: shutdown did not finish within " + bound.toSeconds()
                    + " s; halting (the write-ahead log keeps every acknowledged push)");
        } finally {
            Runtime.getRuntime().halt(HALTED);
        }
    }
}

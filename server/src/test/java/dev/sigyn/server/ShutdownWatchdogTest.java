package dev.sigyn.server;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process always ends: a shutdown that hangs is cut short by the watchdog, and an Error that leaves the JVM
 * untrustworthy ends the process instead of leaving it half alive. Each case runs in a child JVM.
 */
class ShutdownWatchdogTest {

    @Test
    void aShutdownThatHangsIsHaltedAfterItsBound() throws Exception {
        Process p = child("hang-on-close");
        awaitLine(p, "started");
        long start = System.nanoTime();

        p.destroy(); // SIGTERM

        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(BoundedShutdown.HALTED, p.exitValue());
        assertTrue(took.compareTo(Duration.ofMillis(1500)) > 0, "halted after " + took + ", before its 2 s bound");
    }

    @Test
    void anInternalErrorOnAnEventLoopEndsTheProcess() throws Exception {
        Process p = child("internal-error");

        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after an InternalError on an event loop");
        assertEquals(FatalErrors.EXIT_STATUS, p.exitValue());
    }

    @Test
    void anInternalErrorOnAPlainThreadEndsTheProcess() throws Exception {
        Process p = child("internal-error-thread");

        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after an InternalError on a thread");
        assertEquals(FatalErrors.EXIT_STATUS, p.exitValue());
    }

    @Test
    void aStackOverflowOnAnEventLoopDoesNot() throws Exception {
        Process p = child("stack-overflow");
        try {
            awaitLine(p, "still alive");
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private static Process child(String scenario) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FatalScenarios.class.getName(), scenario)).redirectErrorStream(true).start();
    }

    private static void awaitLine(Process p, String expected) throws Exception {
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.contains(expected)) return true;
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(seen.get(30, TimeUnit.SECONDS), "the child never said '" + expected + "'");
    }
}

package dev.sigyn.ruler.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.sigyn.ruler.notify.ClientAuth;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded samples through a real Prometheus' remote-write receiver, read back with {@code /api/v1/query}. The
 * outage is a few seconds, not a minute: what matters is that samples appended while Prometheus is down wait on
 * disk and all arrive once it is back, and a few seconds of retries prove that as well as a minute would.
 */
class RemoteWriterPrometheusTest {
    private static PrometheusProcess prometheus;

    @TempDir Path dir;

    @BeforeAll
    static void startPrometheus() throws Exception {
        prometheus = PrometheusProcess.start();
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) prometheus.close();
    }

    private RemoteWriteSettings settings(URI url) {
        return new RemoteWriteSettings(url, Map.of("X-Scope-OrgID", "someone-else"), new ClientAuth.None(),
                Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(400), 7, dir.resolve("queue"), 4096);
    }

    /** {@code count} samples one second apart of one series, starting {@code from} ms, value = index * 1.5. */
    private static List<RecordedSeries> samples(String name, long from, int first, int count) {
        List<RecordedSeries> out = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            out.add(new RecordedSeries(Map.of("__name__", name, "job", "rules", "level", "error"), from + i * 1000L,
                    i * 1.5));
        }
        return out;
    }

    private static void assertArrived(String name, long from, int count) throws Exception {
        List<double[]> got = prometheus.rawSamples(name + "{job=\"rules\",level=\"error\"}");
        assertEquals(count, got.size(), "samples of " + name + " in Prometheus");
        for (int i = 0; i < count; i++) {
            assertEquals(from + i * 1000L, (long) got.get(i)[0], "timestamp of sample " + i);
            assertEquals(i * 1.5, got.get(i)[1], "value of sample " + i);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void appendedSamplesAreQueryableWithTheirValuesAndTimestamps() throws Exception {
        long from = System.currentTimeMillis() - 120_000;
        var metrics = new SimpleMeterRegistry();
        try (RemoteWriter writer = new RemoteWriter(settings(prometheus.writeUrl()), metrics)) {
            writer.append("tenant-a", samples("sigyn_test_recorded", from, 0, 20));
            await("all sent", Duration.ofSeconds(15), () -> writer.pending() == 0);
            assertEquals(20, metrics.counter("sigyn.ruler.remote_write.samples.sent", "url",
                    prometheus.writeUrl().toString()).count());
        }
        assertArrived("sigyn_test_recorded", from, 20);
    }

    @Test
    void samplesAppendedWhilePrometheusIsDownArriveWhenItIsBack() throws Exception {
        long from = System.currentTimeMillis() - 120_000;
        try (RemoteWriter writer = new RemoteWriter(settings(prometheus.writeUrl()), new SimpleMeterRegistry())) {
            writer.append("tenant-a", samples("sigyn_test_outage", from, 0, 10));
            await("first samples sent", Duration.ofSeconds(15), () -> writer.pending() == 0);

            prometheus.stop();
            writer.append("tenant-a", samples("sigyn_test_outage", from, 10, 15));
            writer.append("tenant-a", samples("sigyn_test_outage", from, 25, 15));
            Thread.sleep(3000);  // several failed retries
            assertEquals(30, writer.pending(), "samples waiting on disk during the outage");
            assertTrue(Files.list(dir.resolve("queue").resolve("tenant-a")).anyMatch(p -> p.toString().endsWith(".seg")));

            prometheus.resume();
            await("the backlog sent", Duration.ofSeconds(20), () -> writer.pending() == 0);
        }
        assertArrived("sigyn_test_outage", from, 40);
    }

    @Test
    void samplesLeftUnsentByAClosedWriterAreSentByTheNextOne() throws Exception {
        long from = System.currentTimeMillis() - 120_000;
        URI nobody = URI.create("http://127.0.0.1:" + PrometheusProcess.freePort() + "/api/v1/write");
        try (RemoteWriter writer = new RemoteWriter(settings(nobody), new SimpleMeterRegistry())) {
            writer.append("tenant-b", samples("sigyn_test_restart", from, 0, 25));
            Thread.sleep(500);
            assertEquals(25, writer.pending());
        }
        assertTrue(prometheus.rawSamples("sigyn_test_restart").isEmpty());

        try (RemoteWriter writer = new RemoteWriter(settings(prometheus.writeUrl()), new SimpleMeterRegistry())) {
            assertEquals(25, writer.pending(), "pending samples found on disk at start");
            await("the left-over samples sent", Duration.ofSeconds(15), () -> writer.pending() == 0);
        }
        assertArrived("sigyn_test_restart", from, 25);
        assertFalse(Files.list(dir.resolve("queue").resolve("tenant-b")).filter(p -> p.toString().endsWith(".seg"))
                .count() > 1, "sent segments are deleted");
    }
}

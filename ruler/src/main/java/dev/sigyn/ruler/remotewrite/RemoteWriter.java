package dev.sigyn.ruler.remotewrite;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Recording rules' samples to one remote-write receiver. {@link #append} returns once the samples are on local disk;
 * one sender thread per tenant posts them, in order, with the tenant's {@code X-Scope-OrgID}. Tenants whose samples
 * were left unsent by an earlier run are found in the directory and drained at construction.
 */
public final class RemoteWriter implements AutoCloseable {
    private final RemoteWriteSettings settings;
    private final ReceiverClient client;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private volatile boolean closed;

    /** One tenant's queue and its sender. */
    private record Tenant(SegmentQueue queue, TenantSender sender, Thread thread) {
    }

    public RemoteWriter(RemoteWriteSettings settings, MeterRegistry metrics) throws IOException {
        this.settings = settings;
        this.client = new ReceiverClient(settings);
        String url = settings.url().toString();
        this.sent = Counter.builder("sigyn.ruler.remote_write.samples.sent").tag("url", url)
                .description("Recorded samples the remote-write receiver accepted").register(metrics);
        this.failed = Counter.builder("sigyn.ruler.remote_write.samples.failed").tag("url", url)
                .description("Recorded samples dropped because the receiver rejected them with a 4xx").register(metrics);
        this.retried = Counter.builder("sigyn.ruler.remote_write.samples.retried").tag("url", url)
                .description("Recorded samples whose post failed and will be retried").register(metrics);
        Gauge.builder("sigyn.ruler.remote_write.samples.pending", this, RemoteWriter::pending).tag("url", url)
                .description("Recorded samples on local disk waiting for the receiver").register(metrics);
        Files.createDirectories(settings.directory());
        try (Stream<Path> dirs = Files.list(settings.directory())) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                tenant(TenantDirectory.tenantOf(d.getFileName().toString()));
            }
        } catch (UncheckedIOException e) {
            close();
            throw e.getCause();
        }
    }

    /** Queues samples for the tenant; returns once they are fsynced, so none is lost if the receiver is down. */
    public void append(String tenant, List<RecordedSeries> samples) throws IOException {
        if (closed) throw new IOException("remote writer is closed");
        try {
            tenant(tenant).queue().append(samples);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Samples on disk that the receiver does not have yet, over all tenants. */
    public long pending() {
        long n = 0;
        for (Tenant t : tenants.values()) n += t.queue().pending();
        return n;
    }

    private Tenant tenant(String tenant) {
        return tenants.computeIfAbsent(tenant, id -> {
            try {
                SegmentQueue q = SegmentQueue.open(settings.directory().resolve(TenantDirectory.nameOf(id)),
                        settings.segmentBytes());
                TenantSender s = new TenantSender(id, q, client, settings, sent, failed, retried);
                Thread t = Thread.ofPlatform().name("sigyn-remote-write-" + id).daemon().start(s);
                return new Tenant(q, s, t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Stops the senders; whatever is unsent stays on disk for the next start. */
    @Override
    public void close() throws IOException {
        closed = true;
        List<Tenant> all = new ArrayList<>(tenants.values());
        for (Tenant t : all) {
            t.sender().stop();
            t.thread().interrupt();
        }
        try {
            for (Tenant t : all) t.thread().join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Tenant t : all) t.queue().close();
    }
}

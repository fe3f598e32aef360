package dev.sigyn.ruler.remotewrite;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one tenant's queue to the receiver, in order: reads a batch, posts it until the receiver has it (waiting
 * min_backoff, doubling up to max_backoff, between tries), and only then commits it. A batch the receiver rejects
 * with a 4xx is committed too, counted as failed: Prometheus drops such batches for the same reason.
 */
final class TenantSender implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TenantSender.class);

    private final String tenant;
    private final SegmentQueue queue;
    private final ReceiverClient client;
    private final RemoteWriteSettings settings;
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private volatile boolean stopped;

    TenantSender(String tenant, SegmentQueue queue, ReceiverClient client, RemoteWriteSettings settings,
            Counter sent, Counter failed, Counter retried) {
        this.tenant = tenant;
        this.queue = queue;
        this.client = client;
        this.settings = settings;
        this.sent = sent;
        this.failed = failed;
        this.retried = retried;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    SegmentQueue.Batch batch = queue.read(settings.batchSize());
                    if (batch.isEmpty()) {
                        queue.awaitAppend(1, TimeUnit.SECONDS);
                        continue;
                    }
                    deliver(batch);
                    queue.commit(batch);
                } catch (IOException e) {
                    // the disk, not the receiver: the samples are still queued, so try again later
                    if (stopped) return;
                    log.error("remote-write queue of tenant {}: {}", tenant, e.toString(), e);
                    Thread.sleep(settings.maxBackoff());
                }
            }
        } catch (InterruptedException e) {
            // closing: what is unsent stays on disk for the next start
        }
    }

    private void deliver(SegmentQueue.Batch batch) throws InterruptedException {
        byte[] body = WriteRequestEncoder.encode(batch.samples());
        Duration backoff = settings.minBackoff();
        while (true) {
            switch (client.post(tenant, body)) {
                case SENT -> {
                    sent.increment(batch.samples().size());
                    return;
                }
                case REJECTED -> {
                    failed.increment(batch.samples().size());
                    return;
                }
                case RETRY -> {
                    retried.increment(batch.samples().size());
                    if (stopped) throw new InterruptedException();
                    Thread.sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

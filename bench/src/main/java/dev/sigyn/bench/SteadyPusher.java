package dev.sigyn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One log shipper in the manner of a Promtail: small pushes of new lines (a few KB, {@value #STREAMS} streams, current
 * timestamps) to a tenant of its own, at a steady rate.
 *
 * <p>Push number i is due at {@code start + i / rate} and sent then whether or not earlier pushes have been answered,
 * and its latency is counted from when it was due. A server that stalls for ten seconds then shows ten seconds of
 * delayed pushes, not one slow push followed by quick ones (a client that waited for each answer would send fewer
 * pushes exactly while the server is slow, and hide the stall).
 */
final class SteadyPusher {
    static final int STREAMS = 3;
    static final int LINES_PER_STREAM = 10;
    static final String JOB = "sigyn-bench-isolation";
    private static final String[] USERS = {"alice", "bob", "carol", "dave"};
    /** A push not answered this long after it was sent counts as unanswered. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(120);
    private static final PushClient.Answer NO_ANSWER =
            new PushClient.Answer(0, "no answer within " + ANSWER_WAIT.toSeconds() + " s");

    /** One phase's pushes, and how late the client itself was in sending them (its own scheduling, not the server). */
    record Run(RequestLog pushes, double[] sentLateMs) {}

    private final PushClient client;
    private final String tenant;
    private final int perSecond;
    private long sequence;
    private long lastTimestamp;

    SteadyPusher(PushClient client, String tenant, int perSecond) {
        this.client = client;
        this.tenant = tenant;
        this.perSecond = perSecond;
    }

    /** Sends pushes one after another, each when the last was answered: warms the client's JIT and connections. */
    void warmUp(int pushes) throws IOException {
        for (int i = 0; i < pushes; i++) {
            String error = client.send(tenant, nextBody());
            if (error != null) throw new IOException("warm-up push to tenant " + tenant + " failed: " + error);
        }
    }

    /** Pushes at the steady rate for {@code duration}, then waits for the answers still outstanding. */
    Run run(Duration duration) throws InterruptedException {
        RequestLog log = new RequestLog(204);
        long periodNs = 1_000_000_000L / perSecond;
        int pushes = (int) (duration.toNanos() / periodNs);
        double[] sentLateMs = new double[pushes];
        List<CompletableFuture<?>> answers = new ArrayList<>(pushes);
        long start = System.nanoTime() + periodNs;
        for (int i = 0; i < pushes; i++) {
            long due = start + i * periodNs;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
            if (Thread.interrupted()) throw new InterruptedException();
            byte[] body = nextBody();
            sentLateMs[i] = (System.nanoTime() - due) / 1e6;
            answers.add(client.sendAsync(tenant, body)
                    .completeOnTimeout(NO_ANSWER, ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS)
                    .thenAccept(answer -> log.add((System.nanoTime() - due) / 1e6, answer.status(), answer.error())));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        return new Run(log, sentLateMs);
    }

    /** The next push: {@value #LINES_PER_STREAM} new lines in each stream, timestamps now and never repeated. */
    byte[] nextBody() {
        long now = System.currentTimeMillis() * 1_000_000L;
        long first = Math.max(now, lastTimestamp + 1);
        String clock = Instant.ofEpochMilli(now / 1_000_000L).toString();
        List<Dataset.Stream> streams = new ArrayList<>(STREAMS);
        for (int s = 0; s < STREAMS; s++) {
            long[] timestamps = new long[LINES_PER_STREAM];
            byte[][] lines = new byte[LINES_PER_STREAM][];
            for (int i = 0; i < LINES_PER_STREAM; i++) {
                long seq = sequence++;
                timestamps[i] = first + i;
                lines[i] = ("level=info ts=" + clock + " caller=probe.go:" + (40 + i) + " msg=\"isolation probe\" seq=" + seq
                        + " user=" + USERS[(int) (seq % USERS.length)] + " status=200 took=" + (seq % 97) + "ms")
                        .getBytes(StandardCharsets.UTF_8);
            }
            streams.add(new Dataset.Stream(Map.of("job", JOB, "instance", "probe-" + s), timestamps, lines));
        }
        lastTimestamp = first + LINES_PER_STREAM - 1;
        return PushBatches.push(streams);
    }
}

package dev.sigyn.writelog;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.KafkaConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.ingester.PushRequest;
import dev.sigyn.ingester.PushUnavailableException;
import dev.sigyn.kafka.testkit.KafkaCluster;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sigyn.writelog.KafkaPusherTest.pusher;
import static dev.sigyn.writelog.KafkaPusherTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three brokers, replication factor 3, min.insync.replicas 2: one lost broker is invisible, a second stops pushes. */
class KafkaPusherFailoverTest {
    private static final TenantLimits NO_STREAM_LIMIT = TenantLimits.fixed(LimitsConfig.defaults().withPerStreamRateLimit(0));
    private static final List<Labels> STREAMS = List.of(Labels.of("app", "a"), Labels.of("app", "b"),
            Labels.of("app", "c"), Labels.of("app", "d"), Labels.of("app", "e"), Labels.of("app", "f"));

    @Test
    void pushesAreAcknowledgedWithOneBrokerLostAndRefusedWithinWriteTimeoutWithTwo() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(3)) {
            TestKafkaConfig base = TestKafkaConfig.of(cluster.bootstrapServers(), "sigyn");
            int partitions = TopicSetup.ensure(base.build(), IngesterConfig.defaults());
            // A killed broker's partitions wait for the controller to fence it (4 s here): a push then takes longer.
            KafkaConfig patient = new TestKafkaConfig(base.address(), base.topic(), base.partitions(),
                    base.replicationFactor(), Duration.ofSeconds(15), base.maxRecordBytes(), false).build();
            KafkaConfig brief = base.build(); // write_timeout 3s
            try (KafkaPusher distributor = pusher(patient, partitions, NO_STREAM_LIMIT, 1);
                 KafkaPusher impatient = pusher(brief, partitions, NO_STREAM_LIMIT, 1)) {
                assertEquals(60, pushAll(distributor, 0));

                cluster.killBroker(2);
                assertEquals(60, pushAll(distributor, 100));
                assertEquals(60, pushAll(impatient, 200), "once the broker is fenced, writes are quick again");

                cluster.stopBroker(1);
                long t0 = System.nanoTime();
                PushUnavailableException e = assertThrows(PushUnavailableException.class, () -> pushAll(impatient, 300));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

                assertTrue(millis >= 2_900 && millis < 5_000, "took " + millis + " ms");
                assertTrue(e.getMessage().startsWith("the write log (Kafka at " + cluster.bootstrapServers()
                        + ") did not acknowledge the push within 3s: "), e.getMessage());
                assertTrue(e.getMessage().endsWith("; nothing was acknowledged, retry"), e.getMessage());
                assertEquals(e.getMessage(), impatient.refusal());
            }
            // Below min.insync.replicas the last broker does not advance its high watermark (KIP-966): consumers
            // read again once a second replica is back. They find the three acknowledged pushes, nothing of the
            // refused one.
            cluster.startBroker(1);
            List<Long> timestamps = TopicReader.readAll(cluster.bootstrapServers(), "sigyn").stream()
                    .flatMap(r -> r.record().entries().stream())
                    .map(e -> e.timestampNanos() - KafkaPusherTest.T0).sorted().toList();
            assertEquals(180, timestamps.size());
            assertTrue(timestamps.stream().allMatch(ts -> ts < 300), "the refused push is readable");
        }
    }

    /** One push of 10 entries to each of six streams, timestamps T0 + from...; returns the entries accepted. */
    private static int pushAll(KafkaPusher pusher, int from) throws Exception {
        List<dev.sigyn.ingester.StreamPush> streams = STREAMS.stream()
                .map(l -> request(l, from, 10).streams().getFirst()).toList();
        return pusher.push(new PushRequest("t", streams)).accepted();
    }
}

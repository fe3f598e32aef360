package dev.sigyn.writelog;

import dev.sigyn.config.KafkaConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.format.Durations;
import dev.sigyn.ingester.PushErrors;
import dev.sigyn.ingester.PushOutcome;
import dev.sigyn.ingester.PushRequest;
import dev.sigyn.ingester.PushUnavailableException;
import dev.sigyn.ingester.Pusher;
import dev.sigyn.ingester.StreamPush;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * The distributor's side of the write log: a push becomes one Kafka record per stream (more when a stream's entries
 * exceed {@code producer_max_record_size_bytes}) on the stream's partition, and is acknowledged only once Kafka
 * acknowledged every record ({@code acks=all}: on every in-sync replica). What the client must hear about single
 * streams, the per-stream rate limit, is decided here; duplicates and out-of-order entries are not (the ingesters
 * drop exact duplicates silently, as Loki 3 does). Thread-safe; blocks up to {@code write_timeout}.
 */
public final class KafkaPusher implements Pusher, AutoCloseable {
    /** The client.id suffix of the distributors' producer. */
    static final String ROLE = "distributor";
    /** Past write_timeout, how long a push still waits for Kafka's own verdict (a record expires just after it). */
    private static final long VERDICT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final KafkaConfig cfg;
    private final int partitions;
    private final TenantLimits limits;
    private final InstantSource clock;
    private final Producer<byte[], byte[]> producer;
    private final StreamRateLimiter streamRates;
    private final MeterRegistry metrics;
    private final Counter producedRecords;
    private final Counter producedBytes;
    /** The last failed push: pushes are refused at once until {@link #refusedUntilMillis}. */
    private volatile String lastFailure;
    private volatile long refusedUntilMillis;

    /**
     * @param partitions       the topic's partition count ({@link TopicSetup#ensure})
     * @param distributorCount how many distributors share the cluster-wide rate limits (at least 1 is assumed)
     */
    public KafkaPusher(KafkaConfig cfg, int partitions, TenantLimits limits, IntSupplier distributorCount,
                       MeterRegistry metrics) {
        this(cfg, partitions, limits, distributorCount, metrics, InstantSource.system());
    }

    /** With a controlled clock for the rate limit (tests). */
    KafkaPusher(KafkaConfig cfg, int partitions, TenantLimits limits, IntSupplier distributorCount,
                MeterRegistry metrics, InstantSource clock) {
        if (partitions < 1) throw new IllegalArgumentException("the write-log topic needs a partition, not " + partitions);
        this.cfg = cfg;
        this.partitions = partitions;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.streamRates = new StreamRateLimiter(clock, distributorCount);
        this.producer = new KafkaProducer<>(KafkaClients.producer(cfg, ROLE), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.producedRecords = Counter.builder("sigyn.writelog.produced.records")
                .description("Write-log records Kafka acknowledged").register(metrics);
        this.producedBytes = Counter.builder("sigyn.writelog.produced.bytes").baseUnit("bytes")
                .description("Encoded bytes of the write-log records Kafka acknowledged").register(metrics);
    }

    @Override
    public PushOutcome push(PushRequest request) throws PushUnavailableException {
        String tenant = request.tenant();
        LimitsConfig tenantLimits = limits.forTenant(tenant);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> limitErrors = new ArrayList<>(0);
        int accepted = 0;
        for (StreamPush stream : request.streams()) {
            if (stream.entries().isEmpty()) continue;
            StreamRateLimiter.Decision d = streamRates.admit(tenant, stream.labels(), stream.entries(), tenantLimits);
            if (!d.rejected().isEmpty()) {
                limitErrors.add(PushErrors.forStream(tenant, stream.labels(), d.rejected(), stream.entries().size()));
                discarded(tenant, d.rejected().size());
            }
            if (d.accepted().isEmpty()) continue;
            accepted += d.accepted().size();
            int partition = Partitioner.partition(tenant, stream.labels(), partitions);
            for (StreamRecord r : RecordSplitter.split(tenant, stream.labels(), d.accepted(),
                    cfg.producerMaxRecordSizeBytes())) {
                records.add(new ProducerRecord<>(cfg.topic(), partition, null, StreamRecordCodec.encode(r)));
            }
        }
        if (!records.isEmpty()) produce(records);
        return new PushOutcome(accepted, List.of(), limitErrors);
    }

    /** Sends every record and waits until Kafka acknowledged them all, or fails the push at the first that it did not. */
    private void produce(List<ProducerRecord<byte[], byte[]>> records) throws PushUnavailableException {
        long start = System.nanoTime();
        long deadline = start + cfg.writeTimeout().toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<byte[], byte[]> r : records) {
                // send() waits for metadata and buffer space (max.block.ms); once the time is up, stop adding records.
                if (System.nanoTime() - deadline > 0) {
                    throw failure(new TimeoutException("Kafka did not take the push's records in time"));
                }
                acks.add(producer.send(r));
            }
            long bytes = 0;
            for (int i = 0; i < acks.size(); i++) {
                long left = deadline + VERDICT_GRACE_NANOS - System.nanoTime();
                acks.get(i).get(Math.max(0, left), TimeUnit.NANOSECONDS);
                bytes += records.get(i).value().length;
            }
            producedRecords.increment(records.size());
            producedBytes.increment(bytes);
            lastFailure = null;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw failure(new TimeoutException("no answer from Kafka yet"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(e);
        } catch (RuntimeException e) {
            // send() throws rather than fails its future when the producer is closed or the record cannot be sent.
            throw failure(e);
        }
    }

    /** Notes the failure for {@link #refusal} and says what the client hears. */
    private PushUnavailableException failure(Throwable cause) {
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        if (reason.endsWith(".")) reason = reason.substring(0, reason.length() - 1);
        if (cause instanceof SslAuthenticationException) {
            reason = "the TLS handshake failed (" + reason + "): " + KafkaClients.TLS_CHECK;
        } else if (!connected()) {
            reason = "no broker reachable (" + reason + ")";
        }
        String message = "the write log (Kafka at " + cfg.address() + ") did not acknowledge the push within "
                + Durations.formatGo(cfg.writeTimeout().toNanos()) + ": " + reason + "; nothing was acknowledged, retry";
        lastFailure = message;
        refusedUntilMillis = clock.millis() + cfg.writeTimeout().toMillis();
        return new PushUnavailableException(message, cause);
    }

    /**
     * Why pushes are refused right now: for write_timeout after a push that Kafka did not acknowledge, pushes are
     * answered 503 at once rather than each holding a worker and its body for write_timeout; the first push after that
     * tries Kafka again.
     */
    @Override
    public String refusal() {
        String failure = lastFailure;
        if (failure == null || clock.millis() >= refusedUntilMillis) return null;
        return failure;
    }

    /** Whether the producer holds a connection to a broker now (its {@code connection-count} metric). */
    private boolean connected() {
        for (Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
            if (m.getKey().name().equals("connection-count") && m.getKey().group().equals("producer-metrics")
                    && m.getValue().metricValue() instanceof Double count) {
                return count > 0;
            }
        }
        return true;
    }

    private void discarded(String tenant, long lines) {
        Counter.builder("sigyn.distributor.discarded.lines").description("Log lines refused by the distributor")
                .tag("tenant", tenant).tag("reason", "per_stream_rate_limit").register(metrics).increment(lines);
    }

    /** Waits up to write_timeout for records still on their way, then closes the producer. */
    @Override
    public void close() {
        producer.close(cfg.writeTimeout());
    }

    /** Streams with a rate-limit bucket here (tests watch that idle ones are forgotten). */
    int trackedStreams() {
        return streamRates.trackedStreams();
    }
}

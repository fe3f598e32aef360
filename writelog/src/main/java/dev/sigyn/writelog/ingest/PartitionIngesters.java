package dev.sigyn.writelog.ingest;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.Readiness;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.ingester.Ingester;
import dev.sigyn.ingester.IngesterAdmin;
import dev.sigyn.ingester.tail.TailBroker;
import dev.sigyn.ingester.wal.StreamSnapshot;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.eval.SampleExtraction;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.store.BlobStore;
import dev.sigyn.writelog.StreamRecord;
import dev.sigyn.writelog.StreamRecordCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The ingester of microservices mode: a member of the ingesters' Kafka consumer group, which gives each write-log
 * partition to exactly one member. For each partition it owns it keeps an {@link Ingester} (no WAL: Kafka is the
 * log), applies the partition's records to it in offset order, and every checkpoint interval makes the partition's
 * state safe: chunks due are flushed as usual, what is still in memory goes to the object store as a snapshot, and
 * only then is the offset committed, naming that snapshot. A member that takes a partition over (after a rebalance or
 * a crash) restores the committed snapshot and reads on from the committed offset; records read again are skipped
 * per stream by their offset, and an entry both in a flushed chunk and in the replayed memory is one entry to
 * queries, which drop exact duplicates as Loki's do. A partition answers queries once it has caught up with the end
 * of the log as it was when taken over ({@link #servedPartitions()}).
 *
 * <p>Threads: one consumer thread does all Kafka work (polls, rebalance callbacks, commits) and applies records;
 * queries read the partitions' ingesters from their own threads, as they read a single binary's ingester.
 */
public final class PartitionIngesters implements LogSource, IndexStatsSource, Readiness, IngesterAdmin, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PartitionIngesters.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final IngesterConfig ingesterConfig;
    private final TenantLimits limits;
    private final BlobStore store;
    private final String topic;
    private final String writerId;
    private final Duration checkpointInterval;
    private final Clock clock;
    private final TailBroker tails;
    private final PartitionSnapshots snapshots;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Integer, OwnedPartition> owned = new ConcurrentHashMap<>();
    private final Thread thread;
    private final CountDownLatch joined = new CountDownLatch(1);
    private final Counter recordsApplied;
    private final Counter badRecords;
    private final Timer checkpoints;
    private final Timer takeovers;
    private volatile boolean closed;
    /** Set by {@link #stopWithoutHandOver()}: the consumer thread ends without closing the consumer. */
    private volatile boolean crashed;
    /** Set by {@link #flushAll()}: the consumer thread flushes and checkpoints at its next turn. */
    private volatile CountDownLatchWithError flushRequest;
    private long lastCheckpointNanos = System.nanoTime();

    /**
     * @param consumerProperties Kafka client settings (bootstrap servers, security, client.id carrying this process's
     *                           address); group, deserializers and commit settings are set here
     * @param writerId           this process's name in the index files it writes (its address)
     */
    public PartitionIngesters(Properties consumerProperties, String topic, String group, Duration checkpointInterval,
                              IngesterConfig ingesterConfig, TenantLimits limits, BlobStore store, String writerId,
                              MeterRegistry metrics, Clock clock, Executor tailThreads) {
        this.ingesterConfig = ingesterConfig;
        this.limits = limits;
        this.store = store;
        this.topic = topic;
        this.writerId = writerId.replaceAll("[^A-Za-z0-9._-]", "_");
        this.checkpointInterval = checkpointInterval;
        this.clock = clock;
        this.tails = new TailBroker(tailThreads);
        this.snapshots = new PartitionSnapshots(store, topic);
        Properties p = new Properties();
        p.putAll(consumerProperties);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        p.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.recordsApplied = Counter.builder("sigyn_writelog_records_applied_total")
                .description("Write-log records applied to the partitions this ingester owns").register(metrics);
        this.badRecords = Counter.builder("sigyn_writelog_records_unreadable_total")
                .description("Write-log records skipped because they could not be decoded").register(metrics);
        this.checkpoints = Timer.builder("sigyn_writelog_checkpoint_duration_seconds")
                .description("Time to snapshot a partition to the object store and commit its offset").register(metrics);
        this.takeovers = Timer.builder("sigyn_writelog_takeover_duration_seconds")
                .description("From a partition's assignment until it caught up with the log and answers queries")
                .register(metrics);
        Gauge.builder("sigyn_writelog_partitions_owned", owned, Map::size)
                .description("Write-log partitions this ingester owns").register(metrics);
        Gauge.builder("sigyn_writelog_partitions_served", () -> servedPartitions().size())
                .description("Owned partitions that caught up and answer queries").register(metrics);
        this.thread = new Thread(this::run, "sigyn-writelog-consumer");
        this.thread.setDaemon(true);
    }

    /** Joins the group and starts consuming; returns at once (see {@link #notReady()}). */
    public void start() {
        thread.start();
    }

    /** Where live tails subscribe: every partition this process owns, now and later. */
    public LiveTails tails() {
        return tails;
    }

    /** The partitions that answer queries: owned, restored, and caught up with the log. */
    public Set<Integer> servedPartitions() {
        Set<Integer> out = new TreeSet<>();
        for (OwnedPartition o : owned.values()) if (o.caughtUp) out.add(o.partition);
        return out;
    }

    @Override
    public String componentName() {
        return "Ingester";
    }

    @Override
    public Optional<String> notReady() {
        if (closed) return Optional.of("the ingester is shutting down");
        if (joined.getCount() > 0) return Optional.of("joining the ingesters' consumer group of the write log (Kafka)");
        return Optional.empty();
    }

    // ---- the consumer thread -----------------------------------------------------------------------------------

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!closed) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    continue;
                }
                joined.countDown();
                restorePending();
                apply(records);
                markCaughtUp();
                CountDownLatchWithError flush = flushRequest;
                if (flush != null) {
                    flushRequest = null;
                    flushNow(flush);
                } else if (System.nanoTime() - lastCheckpointNanos >= checkpointInterval.toNanos()) {
                    checkpointAll();
                }
            }
        } catch (Throwable t) {
            if (!closed) log.atError().setCause(t).log("the write-log consumer stopped");
        } finally {
            if (crashed) return;
            try {
                consumer.close(Duration.ofSeconds(30)); // revokes the partitions: checkpoints them first
            } catch (Exception e) {
                log.atWarn().setCause(e).log("closing the write-log consumer failed");
            }
            for (OwnedPartition o : owned.values()) closeQuietly(o);
            owned.clear();
        }
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            OwnedPartition o = owned.get(tp.partition());
            if (o == null || o.ingester == null) continue; // paused until restored; not returned normally
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (r.offset() < o.nextOffset) continue;
                try {
                    StreamRecord record = StreamRecordCodec.decode(r.value());
                    // Sequence numbers start at 1 (a new stream has seen sequence 0), offsets at 0.
                    o.ingester.applyLogged(r.offset() + 1, record.tenant(), record.labels(), record.entries());
                    recordsApplied.increment();
                } catch (IOException | RuntimeException e) {
                    // A record no version of this code can read would stop the partition for good; skip it loudly.
                    badRecords.increment();
                    log.atError().addKeyValue("partition", tp.partition()).addKeyValue("offset", r.offset())
                            .setCause(e).log("skipping an unreadable write-log record");
                }
                o.nextOffset = r.offset() + 1;
            }
        }
    }

    private void markCaughtUp() {
        for (OwnedPartition o : owned.values()) {
            if (o.caughtUp || o.ingester == null) continue;
            if (o.nextOffset >= o.catchUpOffset) {
                o.caughtUp = true;
                long nanos = System.nanoTime() - o.assignedAtNanos;
                takeovers.record(nanos, TimeUnit.NANOSECONDS);
                log.atInfo().addKeyValue("partition", o.partition).addKeyValue("offset", o.nextOffset)
                        .addKeyValue("took_ms", nanos / 1_000_000).log("partition caught up; answering queries");
            }
        }
    }

    /** Restores partitions whose restore has not succeeded yet (after a backoff when it failed). */
    private void restorePending() {
        for (OwnedPartition o : owned.values()) {
            if (o.ingester != null || System.nanoTime() < o.nextRestoreAtNanos) continue;
            TopicPartition tp = new TopicPartition(topic, o.partition);
            try {
                restore(o, tp);
                consumer.resume(List.of(tp));
            } catch (Exception e) {
                o.failedRestores++;
                long backoffMs = Math.min(10_000, 500L << Math.min(o.failedRestores, 5));
                o.nextRestoreAtNanos = System.nanoTime() + backoffMs * 1_000_000;
                log.atWarn().addKeyValue("partition", o.partition).addKeyValue("retry_ms", backoffMs).setCause(e)
                        .log("taking over a write-log partition failed; retrying");
            }
        }
    }

    private void restore(OwnedPartition o, TopicPartition tp) throws IOException {
        OffsetAndMetadata committed = consumer.committed(Set.of(tp), Duration.ofSeconds(30)).get(tp);
        List<StreamSnapshot> streams = List.of();
        long from;
        if (committed == null) {
            from = consumer.beginningOffsets(List.of(tp)).get(tp);
        } else {
            from = committed.offset();
            String key = committed.metadata();
            if (key != null && !key.isEmpty()) streams = snapshots.get(key);
            o.committedOffset = committed.offset();
            o.committedSnapshot = key == null ? "" : key;
        }
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        Ingester ingester = Ingester.forPartition(ingesterConfig, limits, store, writerId + "-p" + o.partition,
                new SimpleMeterRegistry(), clock, tails);
        ingester.restore(streams);
        ingester.start();
        consumer.seek(tp, from);
        o.nextOffset = from;
        o.catchUpOffset = end;
        o.ingester = ingester;
        log.atInfo().addKeyValue("partition", o.partition).addKeyValue("from_offset", from)
                .addKeyValue("log_end", end).addKeyValue("snapshot_streams", streams.size())
                .log("took over a write-log partition");
        // Snapshots no commit names (an owner that died between putting one and committing) go once, here; later
        // checkpoints delete only the snapshot their commit replaced.
        try {
            snapshots.deleteAllBut(o.partition, o.committedSnapshot);
        } catch (IOException e) {
            log.atWarn().addKeyValue("partition", o.partition).setCause(e).log("deleting stale snapshots failed");
        }
    }

    private void checkpointAll() {
        lastCheckpointNanos = System.nanoTime();
        for (OwnedPartition o : owned.values()) {
            try {
                checkpoint(o);
            } catch (Exception e) {
                log.atWarn().addKeyValue("partition", o.partition).setCause(e)
                        .log("checkpoint failed; the committed offset stays where it was");
            }
        }
    }

    /**
     * Makes everything before the partition's next offset safe: in flushed chunks (the ingester's own loop) or in a
     * snapshot put here; then commits that offset naming the snapshot. Nothing to do when nothing was applied.
     */
    private void checkpoint(OwnedPartition o) throws IOException {
        if (o.ingester == null || o.nextOffset == o.committedOffset) return;
        long start = System.nanoTime();
        List<StreamSnapshot> streams = o.ingester.snapshotStreams();
        String key = streams.isEmpty() ? "" : snapshots.put(o.partition, o.nextOffset, streams);
        TopicPartition tp = new TopicPartition(topic, o.partition);
        try {
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(o.nextOffset, key)), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            if (!key.isEmpty()) snapshots.delete(key); // no commit names it
            throw e;
        }
        String previous = o.committedSnapshot;
        o.committedOffset = o.nextOffset;
        o.committedSnapshot = key;
        if (!previous.isEmpty() && !previous.equals(key)) snapshots.delete(previous);
        checkpoints.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private void flushNow(CountDownLatchWithError request) {
        IOException failure = null;
        for (OwnedPartition o : owned.values()) {
            if (o.ingester == null) continue;
            try {
                o.ingester.flushAll();
                checkpoint(o);
            } catch (IOException e) {
                failure = e;
            }
        }
        request.finish(failure);
    }

    private static void closeQuietly(OwnedPartition o) {
        if (o.ingester == null) return;
        try {
            o.ingester.close();
        } catch (Exception e) {
            log.atWarn().setCause(e).log("closing a partition's ingester failed");
        }
    }

    /** Runs on the consumer thread, inside poll() or close(). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                owned.computeIfAbsent(tp.partition(), OwnedPartition::new);
            }
            // Records of a partition wait until its snapshot is restored (restorePending, after this poll).
            Set<TopicPartition> waiting = new HashSet<>();
            for (TopicPartition tp : partitions) if (owned.get(tp.partition()).ingester == null) waiting.add(tp);
            consumer.pause(waiting);
            log.atInfo().addKeyValue("partitions", partitions.stream().map(TopicPartition::partition).sorted().toList())
                    .log("write-log partitions assigned");
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                OwnedPartition o = owned.remove(tp.partition());
                if (o == null) continue;
                o.caughtUp = false;
                try {
                    checkpoint(o);
                } catch (Exception e) {
                    log.atWarn().addKeyValue("partition", o.partition).setCause(e)
                            .log("checkpoint at hand-over failed; the next owner replays from the last committed offset");
                }
                closeQuietly(o);
            }
            if (!partitions.isEmpty()) {
                log.atInfo().addKeyValue("partitions", partitions.stream().map(TopicPartition::partition).sorted().toList())
                        .log("write-log partitions handed over");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: committing now could move its offset backwards.
            for (TopicPartition tp : partitions) {
                OwnedPartition o = owned.remove(tp.partition());
                if (o != null) {
                    o.caughtUp = false;
                    closeQuietly(o);
                }
            }
            log.atWarn().addKeyValue("partitions", partitions.stream().map(TopicPartition::partition).sorted().toList())
                    .log("write-log partitions lost (this ingester was out of the group too long)");
        }
    }

    // ---- reads: the union of the partitions' ingesters (each stream lives in exactly one partition) ----------

    private List<Ingester> readable() {
        List<Ingester> out = new ArrayList<>();
        for (OwnedPartition o : owned.values()) {
            Ingester i = o.ingester;
            if (i != null) out.add(i);
        }
        return out;
    }

    @Override
    public void scan(String tenant, StreamQuery query, StreamSink sink) {
        for (Ingester i : readable()) i.scan(tenant, query, sink);
    }

    @Override
    public void selectLines(String tenant, StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer) {
        for (Ingester i : readable()) i.selectLines(tenant, query, pipeline, answer);
    }

    @Override
    public void selectSamples(String tenant, StreamQuery query, SampleExtraction extraction, SampleSink sink)
            throws IOException {
        for (Ingester i : readable()) i.selectSamples(tenant, query, extraction, sink);
    }

    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        Set<Labels> out = new LinkedHashSet<>();
        for (Ingester i : readable()) out.addAll(i.series(tenant, matchers, startNanos, endNanos));
        return out;
    }

    @Override
    public List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        List<StreamStats> out = new ArrayList<>();
        for (Ingester i : readable()) out.addAll(i.chunkStats(tenant, matchers, fromNanos, throughNanos));
        return out;
    }

    /** {@code /flush}: every owned partition's chunks flushed and its offset committed, on the consumer thread. */
    @Override
    public void flushAll() throws IOException {
        CountDownLatchWithError request = new CountDownLatchWithError();
        flushRequest = request;
        consumer.wakeup();
        request.await(Duration.ofMinutes(5));
    }

    /** Leaves the group after checkpointing the owned partitions, so that others take them over at once. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        consumer.wakeup();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops consuming as a crashed process would: no checkpoint, no leaving the group; Kafka gives the partitions to
     * another member once this one missed its poll deadline. For tests of takeovers.
     */
    void stopWithoutHandOver() {
        crashed = true;
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A one-shot completion with an optional failure, for requests the consumer thread carries out. */
    private static final class CountDownLatchWithError {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile IOException failure;

        void finish(IOException failure) {
            this.failure = failure;
            done.countDown();
        }

        void await(Duration timeout) throws IOException {
            try {
                if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("the flush did not finish within " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the flush", e);
            }
            if (failure != null) throw failure;
        }
    }
}

package dev.sigyn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * What a user of a microservices-mode cluster sees when one of its parts fails under a concurrent push load: every
 * push the cluster acknowledged (204) is returned by queries afterwards exactly once, whichever process died. One
 * cluster (3 brokers, 4 partitions, 2 distributors, 2 ingesters, 2 queriers, S3Proxy as the bucket) serves every
 * scenario in turn, each with a tenant of its own; the last one stops and starts the whole cluster and checks every
 * tenant again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {
    /** How long a check waits for a taken-over partition to answer completely. */
    private static final Duration CHECK_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private TestCluster cluster;
    /** Every load run so far, by tenant: the last scenario checks them all again. */
    private final Map<String, PushLoad> loads = new LinkedHashMap<>();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.start(dir, new TestCluster.Shape(3, 4, 2, 2, 2), List.of(
                // One query returns every entry of a scenario.
                "-validation.max-entries-limit=100000",
                // Minutes of data make many splits, so that a killed querier holds some of them.
                "-querier.split-queries-by-interval=10s",
                // Chunks are cut and flushed to the bucket every few seconds, so that every scenario has its data
                // partly in the bucket, partly in snapshots and partly only in the ingesters' memory and in Kafka.
                "-ingester.max-chunk-age=10s",
                "-ingester.chunk-target-size=16KB",
                "-ingester.flush-check-period=1s"));
    }

    /** A scenario that failed halfway leaves no load running and nothing stopped for the next one. */
    @AfterEach
    void calmTheCluster() throws Exception {
        for (PushLoad load : loads.values()) load.stop();
        for (int b = 0; b < cluster.kafka.brokerCount(); b++) {
            if (!cluster.kafka.isRunning(b)) cluster.kafka.startBroker(b);
        }
        cluster.startStopped();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void anIngesterKilledDuringPushesLosesNothingAndDuplicatesNothing() throws Exception {
        PushLoad load = startLoad("failover-ingester");
        Thread.sleep(3_000);
        // Acknowledged 2 s before the kill: consumed by then, so only in an ingester's memory or in a snapshot.
        Set<String> beforeKill = Set.copyOf(load.acknowledged);
        Thread.sleep(2_000);
        long killedAt = System.nanoTime();
        cluster.kill("ingester-1");
        // Asked while the ingester is dead, its partitions unowned, then taken over after the session timeout
        // (10 s): each answer is complete or an error, never a 200 without what the dead ingester held.
        List<String> probes = new ArrayList<>();
        long probeUntil = killedAt + Duration.ofSeconds(14).toNanos();
        while (System.nanoTime() < probeUntil) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = cluster.frontend().get(logQuery(load), load.tenant);
            String took = (System.nanoTime() - t0) / 1_000_000 + " ms";
            if (r.statusCode() == 200) {
                Set<String> missing = new HashSet<>(beforeKill);
                missing.removeAll(linesOf(r.body()));
                assertEquals(List.of(), missing.stream().sorted().limit(5).toList(),
                        missing.size() + " entries acknowledged before the kill are missing from a 200 answer "
                                + "asked while the ingester was dead; answers before: " + probes);
                probes.add("200 in " + took);
            } else {
                String body = new String(r.body(), StandardCharsets.UTF_8).strip();
                assertTrue(r.statusCode() >= 500 && !body.isEmpty(), "neither 200 nor a clear 5xx: " + r.statusCode()
                        + " " + body);
                probes.add(r.statusCode() + " in " + took + ": " + body);
            }
            Thread.sleep(500);
        }
        System.out.println("failover-ingester: queries while ingester-1 was dead: " + probes);
        cluster.restart("ingester-1");
        Thread.sleep(3_000);
        load.stop();

        assertTrue(!cluster.s3.list("chunks/" + load.tenant + "/").isEmpty(),
                "some of the data was flushed to the bucket as chunks, some only in memory");
        // Kafka holds the pushes; a dead ingester does not make distributors refuse them.
        List<Attempt> duringOutage = load.firstAttempts(a -> a.startNanos() > killedAt);
        assertTrue(duringOutage.size() > 10, "pushes kept being sent after the kill: " + duringOutage.size());
        assertEquals(List.of(), duringOutage.stream().filter(a -> a.status() != 204).toList(),
                "pushes answered other than 204 while an ingester was dead");
        assertEveryAcknowledgedEntryReturnedOnce(load);
    }

    @Test
    @Order(2)
    void aDistributorKilledDuringPushesFailsItsPushesAndLosesNothing() throws Exception {
        PushLoad load = startLoad("failover-distributor");
        Thread.sleep(3_000);
        long killedAt = System.nanoTime();
        cluster.kill("distributor-2");
        Thread.sleep(5_000);
        long restartedAt = System.nanoTime();
        cluster.restart("distributor-2");
        Thread.sleep(2_000);
        load.stop();

        List<Attempt> toDead = load.attempts(a -> a.distributor() == 1 && a.startNanos() > killedAt
                && a.startNanos() < restartedAt);
        assertTrue(toDead.size() > 5, "pushes were sent to the dead distributor: " + toDead.size());
        assertEquals(List.of(), toDead.stream().filter(a -> a.status() == 204).toList(),
                "a dead distributor acknowledged pushes");
        List<Attempt> toLive = load.attempts(a -> a.distributor() == 0 && a.startNanos() > killedAt
                && a.startNanos() < restartedAt);
        List<Attempt> retries = load.attempts(Attempt::retry);
        System.out.printf("failover-distributor: %d pushes to the dead distributor; %d retried, %s%n", toDead.size(),
                retries.size(), statuses(retries));
        assertTrue(toLive.size() > 5, "pushes were sent to the live distributor: " + toLive.size());
        assertEquals(List.of(), toLive.stream().filter(a -> a.status() != 204).toList(),
                "the live distributor refused pushes while the other was dead");
        assertEveryAcknowledgedEntryReturnedOnce(load);
    }

    @Test
    @Order(3)
    void oneOfThreeBrokersKilledDuringPushesKeepsAcknowledgingAndLosesNothing() throws Exception {
        int broker = brokerLeadingMostPartitions();
        PushLoad load = startLoad("failover-broker");
        Thread.sleep(3_000);
        long killedAt = System.nanoTime();
        cluster.kafka.killBroker(broker);
        Thread.sleep(10_000);
        long restartedAt = System.nanoTime();
        cluster.kafka.startBroker(broker);
        Thread.sleep(2_000);
        load.stop();

        List<Attempt> duringOutage = load.firstAttempts(a -> a.startNanos() > killedAt && a.startNanos() < restartedAt);
        long acknowledged = duringOutage.stream().filter(a -> a.status() == 204).count();
        System.out.printf("failover-broker: broker %d killed; pushes during the outage: %s, slowest %d ms%n", broker,
                statuses(duringOutage), duringOutage.stream().mapToLong(a -> (a.endNanos() - a.startNanos()) / 1_000_000)
                        .max().orElse(0));
        assertTrue(duringOutage.size() > 10, "pushes kept being sent during the outage: " + duringOutage.size());
        // Pushes to the dead leader's partitions wait until it is fenced (4 s) and the leadership moves, within
        // kafka_config.write_timeout (10 s): they are late, not refused.
        assertTrue(acknowledged >= 0.9 * duringOutage.size(), "only " + acknowledged + " of " + duringOutage.size()
                + " pushes during the outage got 204; others: " + statuses(duringOutage));
        assertEveryAcknowledgedEntryReturnedOnce(load);
    }

    @Test
    @Order(4)
    void aQuerierKilledDuringLongQueriesGivesCompleteAnswersOrAClearError() throws Exception {
        // The scenarios before this one left minutes of known data; their log queries tell what each stream holds.
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (PushLoad load : loads.values()) {
            Map<String, Long> perStream = new TreeMap<>();
            for (String line : assertEveryAcknowledgedEntryReturnedOnce(load)) {
                perStream.merge(PushLoad.streamOf(line), 1L, Long::sum);
            }
            expected.put(load.tenant, perStream);
        }
        assertTrue(!expected.isEmpty(), "no data to query");

        // Range metric queries over all the data, in 10 s splits spread over both queriers, asked by several
        // clients one after the other for a few seconds; querier-1 is killed in the middle. Every query has a step
        // of its own, so that none is answered from the results cache.
        long from = loads.values().stream().mapToLong(l -> l.startMillis).min().orElseThrow() - 60_000;
        long to = System.currentTimeMillis() + 60_000;
        List<String> tenants = List.copyOf(expected.keySet());
        int clients = 6;
        java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
        long askUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        List<MetricQuery> asked = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Outcome>>> running = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                String tenant = tenants.get(c % tenants.size());
                running.add(pool.submit(() -> {
                    List<Outcome> outcomes = new ArrayList<>();
                    while (System.nanoTime() < askUntil) {
                        MetricQuery q = new MetricQuery(tenant, 1 + steps.getAndIncrement(), from, to);
                        asked.add(q);
                        long t0 = System.nanoTime();
                        Answer a = q.ask(cluster.frontend());
                        if (a.status() == 200) {
                            assertEquals(expected.get(tenant), q.countsPerStream(a.body()),
                                    () -> "a 200 answer while a querier was killed differs from the data: " + q);
                        } else {
                            assertTrue(a.status() >= 500 && a.status() < 600, () -> "neither 200 nor 5xx: " + a);
                            assertTrue(a.body().length > 0, () -> "a 5xx without a message: " + a);
                        }
                        outcomes.add(new Outcome(t0, a.endNanos(), a.status()));
                    }
                    return outcomes;
                }));
            }
            Thread.sleep(1_500);
            long killedAt = System.nanoTime();
            cluster.kill("querier-1");
            int inFlight = 0;
            Map<Integer, Long> statuses = new TreeMap<>();
            for (Future<List<Outcome>> f : running) {
                List<Outcome> outcomes;
                try {
                    outcomes = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failed) throw failed;
                    throw e;
                }
                for (Outcome o : outcomes) {
                    if (o.startNanos() < killedAt && o.endNanos() > killedAt) inFlight++;
                    statuses.merge(o.status(), 1L, Long::sum);
                }
            }
            System.out.printf("querier killed: %d queries were running at the kill; answers %s%n", inFlight, statuses);
            assertTrue(inFlight > 0, "no query was running when the querier was killed: the test proved nothing");
        } finally {
            pool.shutdownNow();
        }
        cluster.restart("querier-1");

        // Once calm, queries answer 200 and agree with the data.
        for (MetricQuery q : asked.subList(0, Math.min(asked.size(), clients))) {
            Answer a = q.ask(cluster.frontend());
            assertEquals(200, a.status(), () -> "calm cluster: " + a);
            assertEquals(expected.get(q.tenant()), q.countsPerStream(a.body()), () -> "calm cluster: " + q);
        }
    }

    @Test
    @Order(5)
    void theWholeClusterStoppedAndStartedAgainHasEverythingAcknowledged() throws Exception {
        // Pushes right up to the stop, so that the last ones are only in Kafka and in the ingesters' memory.
        PushLoad load = startLoad("failover-restart");
        Thread.sleep(4_000);
        load.stop();
        Map<String, Integer> statuses = cluster.stopAll(Duration.ofSeconds(60));
        statuses.forEach((name, status) -> assertEquals(143, status, name + " did not stop on SIGTERM"));
        int brokers = cluster.kafka.brokerCount();
        for (int b = 0; b < brokers; b++) cluster.kafka.stopBroker(b);
        for (int b = 0; b < brokers; b++) cluster.kafka.startBroker(b);
        cluster.startAll();

        for (PushLoad l : loads.values()) assertEveryAcknowledgedEntryReturnedOnce(l);
    }

    // --- the load ---

    private PushLoad startLoad(String tenant) {
        PushLoad load = new PushLoad(tenant, cluster.distributors());
        loads.put(tenant, load);
        load.start(3);
        return load;
    }

    /** One HTTP request of a push: to which distributor, when, and its status (-1: no answer, e.g. refused). */
    record Attempt(int distributor, long startNanos, long endNanos, int status, boolean retry) {}

    /**
     * Threads that push small JSON batches through the distributors in turn, each thread with streams of its own
     * (timestamps increase per stream), every line unique. A push not answered 204 is sent once more, unchanged, to
     * the other distributor, as a client behind a load balancer retries: the same timestamps and lines, so that the
     * entries it carries may be stored once whichever attempts Kafka took.
     */
    static final class PushLoad {
        private static final int STREAMS_PER_THREAD = 2;
        private static final int ENTRIES_PER_STREAM = 5;

        final String tenant;
        private final List<TestServer> distributors;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        final Set<String> attempted = ConcurrentHashMap.newKeySet();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        long startMillis;

        PushLoad(String tenant, List<TestServer> distributors) {
            this.tenant = tenant;
            this.distributors = distributors;
        }

        void start(int threadCount) {
            startMillis = System.currentTimeMillis();
            for (int t = 0; t < threadCount; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().daemon().name("push-" + tenant + "-" + t).start(() -> run(thread)));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join();
        }

        private void run(int thread) {
            long lastNanos = 0;
            for (int seq = 0; running.get(); seq++) {
                ObjectNode body = Conformance.JSON.createObjectNode();
                ArrayNode streams = body.putArray("streams");
                List<String> lines = new ArrayList<>();
                for (int s = 0; s < STREAMS_PER_THREAD; s++) {
                    String stream = "t" + thread + "s" + s;
                    ObjectNode st = streams.addObject();
                    st.putObject("stream").put("test", tenant).put("stream", stream);
                    ArrayNode values = st.putArray("values");
                    for (int i = 0; i < ENTRIES_PER_STREAM; i++) {
                        lastNanos = Math.max(System.currentTimeMillis() * 1_000_000L, lastNanos + 1);
                        String line = "stream=" + stream + " seq=" + seq + " i=" + i + " tenant=" + tenant;
                        values.addArray().add(Long.toString(lastNanos)).add(line);
                        lines.add(line);
                    }
                }
                byte[] bytes;
                try {
                    bytes = Conformance.JSON.writeValueAsBytes(body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                attempted.addAll(lines);
                int first = (seq + thread) % distributors.size();
                if (send(first, bytes, false) == 204 || send((first + 1) % distributors.size(), bytes, true) == 204) {
                    acknowledged.addAll(lines);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private int send(int distributor, byte[] body, boolean retry) {
            long start = System.nanoTime();
            int status;
            try {
                status = distributors.get(distributor).post("/loki/api/v1/push", tenant, body,
                        Map.of("Content-Type", "application/json")).statusCode();
            } catch (Exception e) {
                status = -1;
            }
            attempts.add(new Attempt(distributor, start, System.nanoTime(), status, retry));
            return status;
        }

        List<Attempt> attempts(Predicate<Attempt> which) {
            synchronized (attempts) {
                return attempts.stream().filter(which).toList();
            }
        }

        /** The first attempt of each push: what the cluster answered a client, before any retry. */
        List<Attempt> firstAttempts(Predicate<Attempt> which) {
            return attempts(a -> !a.retry() && which.test(a));
        }

        static String streamOf(String line) {
            return line.substring("stream=".length(), line.indexOf(' '));
        }
    }

    private static Map<Integer, Long> statuses(List<Attempt> attempts) {
        Map<Integer, Long> out = new TreeMap<>();
        for (Attempt a : attempts) out.merge(a.status(), 1L, Long::sum);
        return out;
    }

    // --- the checks ---

    /**
     * Asks the frontend for every entry of the load's tenant until the answer is 200 with every acknowledged entry
     * (partitions taken over after a kill answer 503 until they have replayed), and returns the lines. A line
     * returned twice, or one never pushed, fails at once: no later answer makes that right.
     */
    private Set<String> assertEveryAcknowledgedEntryReturnedOnce(PushLoad load) throws Exception {
        assertTrue(load.acknowledged.size() > 100, "the load had entries acknowledged: " + load.acknowledged.size());
        long deadline = System.nanoTime() + CHECK_DEADLINE.toNanos();
        String uri = logQuery(load);
        List<String> history = new ArrayList<>();
        while (true) {
            HttpResponse<byte[]> r = cluster.frontend().get(uri, load.tenant);
            if (r.statusCode() == 200) {
                List<String> lines = linesOf(r.body());
                Set<String> distinct = new HashSet<>();
                List<String> twice = lines.stream().filter(l -> !distinct.add(l)).limit(5).toList();
                assertEquals(List.of(), twice, load.tenant + ": lines returned more than once (of " + lines.size() + ")");
                List<String> unknown = distinct.stream().filter(l -> !load.attempted.contains(l)).limit(5).toList();
                assertEquals(List.of(), unknown, load.tenant + ": lines never pushed");
                Set<String> missing = new HashSet<>(load.acknowledged);
                missing.removeAll(distinct);
                if (missing.isEmpty()) {
                    System.out.printf("%s: %d acknowledged, %d returned once each (%d pushed, not acknowledged), "
                            + "%d chunks in the bucket, after %s%n", load.tenant, load.acknowledged.size(),
                            distinct.size(), distinct.size() - load.acknowledged.size(),
                            cluster.s3.list("chunks/" + load.tenant + "/").size(), history);
                    return distinct;
                }
                history.add("200 missing " + missing.size());
                if (System.nanoTime() > deadline) {
                    fail(load.tenant + ": " + missing.size() + " of " + load.acknowledged.size()
                            + " acknowledged entries not returned after " + CHECK_DEADLINE + ", e.g. "
                            + missing.stream().sorted().limit(5).toList() + "; answers: " + history);
                }
            } else {
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertTrue(r.statusCode() >= 500, load.tenant + ": " + r.statusCode() + " " + body);
                history.add(r.statusCode() + " " + body.strip());
                if (System.nanoTime() > deadline) fail(load.tenant + ": no complete answer within " + CHECK_DEADLINE
                        + "; answers: " + history);
            }
            Thread.sleep(1_000);
        }
    }

    /** Every entry of the load's tenant, oldest first, in one answer. */
    private static String logQuery(PushLoad load) {
        return "/loki/api/v1/query_range?query=" + enc("{test=\"" + load.tenant + "\"}")
                + "&start=" + (load.startMillis - 60_000) * 1_000_000L
                + "&end=" + (System.currentTimeMillis() + 60_000) * 1_000_000L
                + "&limit=100000&direction=forward";
    }

    private static List<String> linesOf(byte[] answer) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode stream : Conformance.JSON.readTree(answer).path("data").path("result")) {
            for (JsonNode value : stream.path("values")) lines.add(value.get(1).asText());
        }
        return lines;
    }

    /** A range metric query counting each stream's entries in windows that tile the time range (range = step). */
    private record MetricQuery(String tenant, int stepSeconds, long startMillis, long endMillis) {
        String uri() {
            String q = "sum by (stream) (count_over_time({test=\"" + tenant + "\"} |= \"seq=\" [" + stepSeconds + "s]))";
            return "/loki/api/v1/query_range?query=" + enc(q) + "&start=" + startMillis * 1_000_000L
                    + "&end=" + endMillis * 1_000_000L + "&step=" + stepSeconds;
        }

        Answer ask(TestServer frontend) throws Exception {
            HttpResponse<byte[]> r = frontend.get(uri(), tenant);
            return new Answer(r.statusCode(), r.body(), System.nanoTime());
        }

        /** The sum of each stream's counts over all steps: its number of entries. */
        Map<String, Long> countsPerStream(byte[] body) throws Exception {
            Map<String, Long> out = new TreeMap<>();
            for (JsonNode series : Conformance.JSON.readTree(body).path("data").path("result")) {
                long sum = 0;
                for (JsonNode v : series.path("values")) sum += Long.parseLong(v.get(1).asText());
                out.put(series.path("metric").path("stream").asText(), sum);
            }
            return out;
        }
    }

    /** When a query was asked and answered, and its status. */
    private record Outcome(long startNanos, long endNanos, int status) {}

    private record Answer(int status, byte[] body, long endNanos) {
        @Override
        public String toString() {
            return status + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The broker that leads most of the write log's partitions: killing it moves leaderships. */
    private int brokerLeadingMostPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.kafka.bootstrapServers()))) {
            TopicDescription d = admin.describeTopics(List.of("sigyn")).allTopicNames().get().get("sigyn");
            Map<Integer, Integer> led = new HashMap<>();
            for (TopicPartitionInfo p : d.partitions()) led.merge(p.leader().id(), 1, Integer::sum);
            return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package dev.sigyn.querier.remote;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.ingester.Ingester;
import dev.sigyn.ingester.PushRequest;
import dev.sigyn.ingester.StreamPush;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.eval.LogQueryEvaluator;
import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TailListener;
import dev.sigyn.store.InMemoryBlobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The internal read path between a querier and real ingesters over HTTP/2: what the querier gets through the
 * network is what the ingesters hold, from every partition's owner, and never a silently partial answer.
 */
class RemoteIngestersTest {
    private static final String TENANT = "team-a";
    private static final long NOW = System.currentTimeMillis() * 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService readThreads = Executors.newFixedThreadPool(4);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Set<HttpVersion> versions = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) c.close();
        readThreads.shutdownNow();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A real ingester behind its read service; {@code serves} is what it answers for, changeable by a test. */
    private record Node(Ingester ingester, String address, Set<Integer> serves) {}

    private Node node(String name, Integer... partitions) throws Exception {
        Ingester ingester = new Ingester(IngesterConfig.defaults(), TenantLimits.fixed(LimitsConfig.defaults()),
                dir.resolve(name), new InMemoryBlobStore(), name, new SimpleMeterRegistry(), Clock.systemUTC(),
                readThreads);
        ingester.start();
        closing.add(ingester);
        Set<Integer> serves = ConcurrentHashMap.newKeySet();
        serves.addAll(List.of(partitions));
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            versions.add(ctx.request().version());
            ctx.next();
        });
        new IngesterReadService(vertx, ingester, ingester, ingester.tails(), () -> Set.copyOf(serves), readThreads)
                .mount(router);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                .requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return new Node(ingester, "127.0.0.1:" + server.actualPort(), serves);
    }

    /** Owners as a test sets them; each refresh applies {@code onRefresh} first. */
    private static final class TestOwners implements PartitionOwners {
        volatile Table table;
        volatile UnaryOperator<Map<Integer, String>> onRefresh = UnaryOperator.identity();
        final AtomicInteger refreshes = new AtomicInteger();

        record Table(int count, Map<Integer, String> addresses) {}

        TestOwners(int count, Map<Integer, String> addresses) {
            table = new Table(count, addresses);
        }

        @Override
        public PartitionOwners.Owners current() {
            return new PartitionOwners.Owners(table.count(), table.addresses());
        }

        @Override
        public PartitionOwners.Owners refresh() {
            refreshes.incrementAndGet();
            table = new Table(table.count(), onRefresh.apply(new HashMap<>(table.addresses())));
            return current();
        }
    }

    private RemoteIngesters remote(PartitionOwners owners, Duration timeout) {
        RemoteIngesters remote = new RemoteIngesters(vertx, owners, timeout);
        closing.add(remote);
        return remote;
    }

    private static void push(Ingester ingester, Labels labels, Entry... entries) throws IOException {
        ingester.push(new PushRequest(TENANT, List.of(new StreamPush(labels, List.of(entries)))));
    }

    private static Entry entry(int second, String line, String... metadata) {
        return new Entry(NOW - 60 * SECOND + second * SECOND, line, Labels.of(metadata));
    }

    /** The StreamQuery the querier makes of a log query, its filter compiled from the leading line filters. */
    private static StreamQuery query(String logql, Direction direction, int limit) {
        LogSelectorExpr selector = (LogSelectorExpr) Parser.parseExpr(logql);
        return new StreamQuery(selector.matchers(), LogQueryEvaluator.leadingFilter(selector.stages()),
                NOW - 3600 * SECOND, NOW + 60 * SECOND, direction, limit, null, selector);
    }

    private static void fill(Ingester ingester) throws IOException {
        push(ingester, Labels.of("app", "web", "env", "prod"),
                entry(1, "GET / 200"), entry(2, "GET /x error 500", "trace_id", "abc"), entry(3, "GET /y 200"),
                entry(4, "POST /z error 503", "trace_id", "def", "user", "u1"));
        push(ingester, Labels.of("app", "api", "env", "prod"),
                entry(1, "api ok"), entry(5, "api error timeout", "trace_id", "x1"));
        push(ingester, Labels.of("app", "db", "env", "dev"), entry(2, "db ok"));
    }

    @Test
    void scanSeriesAndChunkStatsThroughTheNetworkAreWhatTheIngesterHolds() throws Exception {
        Node a = node("a", 0, 1);
        fill(a.ingester());
        RemoteIngesters remote = remote(new TestOwners(2, Map.of(0, a.address(), 1, a.address())), Duration.ofSeconds(5));

        for (String logql : List.of("{env=\"prod\"}", "{env=~\"prod|dev\"} |= \"error\"",
                "{app=\"web\"} != \"error\" | json", "{env=\"prod\"} |~ \"err.r\" |= \"5\"")) {
            for (Direction direction : Direction.values()) {
                for (int limit : new int[]{0, 1, 2}) {
                    StreamQuery q = query(logql, direction, limit);
                    List<StreamResult> direct = CollectedStreams.scan(a.ingester(), TENANT, q);
                    assertEquals(direct, CollectedStreams.scan(remote, TENANT, q), logql + " " + direction + " " + limit);
                }
            }
        }
        List<StreamResult> withMetadata = CollectedStreams.scan(remote, TENANT, query("{app=\"web\"}", Direction.FORWARD, 0));
        assertEquals(Labels.of("trace_id", "def", "user", "u1"),
                withMetadata.getFirst().entries().getLast().structuredMetadata());

        List<LabelMatcher> prod = List.of(LabelMatcher.of("env", LabelMatcher.Type.EQ, "prod"));
        List<LabelMatcher> everything = List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, ".*"));
        for (List<LabelMatcher> matchers : List.of(prod, everything, List.<LabelMatcher>of())) {
            assertEquals(a.ingester().series(TENANT, matchers, NOW - 3600 * SECOND, NOW),
                    remote.series(TENANT, matchers, NOW - 3600 * SECOND, NOW));
            assertEquals(Set.copyOf(a.ingester().chunkStats(TENANT, matchers, NOW - 3600 * SECOND, NOW)),
                    Set.copyOf(remote.chunkStats(TENANT, matchers, NOW - 3600 * SECOND, NOW)));
        }
        assertTrue(remote.series("nobody", prod, NOW - 3600 * SECOND, NOW).isEmpty());
        assertEquals(Set.of(HttpVersion.HTTP_2), versions);
    }

    @Test
    void aQueryWithoutFilterNeedsNoSelector() throws Exception {
        Node a = node("a", 0);
        fill(a.ingester());
        RemoteIngesters remote = remote(new TestOwners(1, Map.of(0, a.address())), Duration.ofSeconds(5));
        StreamQuery q = new StreamQuery(List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, ".*")), LineFilter.ALL,
                NOW - 3600 * SECOND, NOW, Direction.BACKWARD, 3);
        assertEquals(CollectedStreams.scan(a.ingester(), TENANT, q), CollectedStreams.scan(remote, TENANT, q));
    }

    @Test
    void everyOwnerIsAskedAndTheAnswersMerged() throws Exception {
        Node a = node("a", 0, 2), b = node("b", 1);
        push(a.ingester(), Labels.of("app", "web"), entry(1, "from a"));
        push(b.ingester(), Labels.of("app", "api"), entry(2, "from b"));
        RemoteIngesters remote = remote(new TestOwners(3, Map.of(0, a.address(), 1, b.address(), 2, a.address())),
                Duration.ofSeconds(5));

        List<StreamResult> streams = CollectedStreams.scan(remote, TENANT, query("{app=~\"web|api\"}", Direction.FORWARD, 0));
        assertEquals(List.of("from b", "from a"), streams.stream().map(s -> s.entries().getFirst().line()).toList());
        assertEquals(Set.of(Labels.of("app", "web"), Labels.of("app", "api")),
                remote.series(TENANT, List.of(), NOW - 3600 * SECOND, NOW));
        assertEquals(2, remote.chunkStats(TENANT, List.of(), NOW - 3600 * SECOND, NOW).size());
    }

    @Test
    void aPartitionThatMovedIsAskedOfItsNewOwner() throws Exception {
        Node a = node("a", 0), b = node("b", 1);
        push(a.ingester(), Labels.of("app", "web"), entry(1, "from a"));
        push(b.ingester(), Labels.of("app", "api"), entry(2, "from b"));
        // The querier still believes a owns partition 1; a refuses it, and the refreshed owners say b.
        TestOwners owners = new TestOwners(2, Map.of(0, a.address(), 1, a.address()));
        owners.onRefresh = table -> {
            table.put(1, b.address());
            return table;
        };
        RemoteIngesters remote = remote(owners, Duration.ofSeconds(5));

        List<StreamResult> streams = CollectedStreams.scan(remote, TENANT, query("{app=~\".+\"}", Direction.FORWARD, 0));
        assertEquals(2, streams.size());
        assertEquals(1, owners.refreshes.get());
        // A partition refused after a stream was read is not read twice: each stream arrives once.
        assertEquals(List.of(1, 1), streams.stream().map(s -> s.entries().size()).toList());
    }

    @Test
    void anUnreachableOwnerFailsTheCallNamingThePartition() throws Exception {
        Node a = node("a", 0);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String dead = "127.0.0.1:" + closedPort;
        TestOwners owners = new TestOwners(3, Map.of(0, a.address(), 1, dead));
        RemoteIngesters remote = remote(owners, Duration.ofMillis(800));

        long started = System.nanoTime();
        IngestersUnavailableException e = assertThrows(IngestersUnavailableException.class,
                () -> CollectedStreams.scan(remote, TENANT, query("{app=\"web\"}", Direction.FORWARD, 0)));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(e.getMessage().contains("partition 1 of the write log has no ingester serving it (ingester "
                + dead + " unreachable"), e.getMessage());
        assertTrue(e.getMessage().contains("partition 2 of the write log has no ingester serving it (no ingester owns it)"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("retry shortly"), e.getMessage());
        assertEquals(Set.of(1, 2), e.reasons().keySet());
        assertTrue(owners.refreshes.get() >= 1, "the owners were read again before giving up");
        assertTrue(tookMillis >= 700 && tookMillis < 5_000, "gave up after " + tookMillis + " ms");
    }

    @Test
    void anIngesterThatServesNoneOfThePartitionsRefusesBeforeReading() throws Exception {
        Node a = node("a");
        push(a.ingester(), Labels.of("app", "web"), entry(1, "from a"));
        RemoteIngesters remote = remote(new TestOwners(1, Map.of(0, a.address())), Duration.ofMillis(300));
        IngestersUnavailableException e = assertThrows(IngestersUnavailableException.class,
                () -> remote.series(TENANT, List.of(), NOW - 3600 * SECOND, NOW));
        assertTrue(e.getMessage().contains("answered 503: this ingester does not serve partition 0 of the write log"
                + " (it serves none)"), e.getMessage());
    }

    @Test
    void aTailThroughAnyQuerierHearsLinesPushedAfterSubscribing() throws Exception {
        Node a = node("a", 0), b = node("b", 1);
        RemoteLiveTails tails = new RemoteLiveTails(vertx,
                new TestOwners(2, Map.of(0, a.address(), 1, b.address())), Duration.ofSeconds(5));
        closing.add(tails);
        LinkedBlockingQueue<LogLine> heard = new LinkedBlockingQueue<>();
        LiveTails.Subscription subscription = tails.subscribe(TENANT,
                (LogSelectorExpr) Parser.parseExpr("{app=~\"web|api\"} |= \"error\" | logfmt"), 10, new TailListener() {
                    @Override
                    public void onLine(LogLine line) {
                        heard.add(line);
                    }

                    @Override
                    public void onDropped(Labels stream, long timestampNanos) {
                    }
                });
        long now = System.currentTimeMillis() * 1_000_000L;
        push(a.ingester(), Labels.of("app", "web"), new Entry(now, "level=info msg=fine"),
                new Entry(now + 1, "level=error msg=broken"));
        push(b.ingester(), Labels.of("app", "api"), new Entry(now + 2, "level=error msg=down", Labels.of("trace_id", "t9")));

        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            LogLine line = heard.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "heard " + lines);
            lines.add(line);
        }
        lines.sort((x, y) -> Long.compare(x.timestampNanos(), y.timestampNanos()));
        assertEquals("level=error msg=broken", lines.get(0).line());
        assertEquals(Labels.of("level", "error", "msg", "broken"), lines.get(0).parsed());
        assertEquals(Labels.of("app", "api"), lines.get(1).stream());
        assertEquals(Labels.of("trace_id", "t9"), lines.get(1).structuredMetadata());

        subscription.close();
        push(a.ingester(), Labels.of("app", "web"), new Entry(now + 3, "level=error msg=after"));
        assertEquals(null, heard.poll(300, TimeUnit.MILLISECONDS));
        assertFalse(lines.isEmpty());
    }

    @Test
    void messagesOfAnUnknownVersionAreRefusedSayingSo() {
        byte[] request = new ReadRequest(TENANT, Set.of(0), "", List.of(), 0, 1, Direction.FORWARD, 0, 0, 0).encode();
        request[1] = 2; // field 1, the version, is the first field written
        IOException e = assertThrows(IOException.class, () -> ReadRequest.decode(request));
        assertTrue(e.getMessage().startsWith("read request of version 2; this Sigyn reads version 1"), e.getMessage());

        io.vertx.core.buffer.Buffer frame = io.vertx.core.buffer.Buffer.buffer();
        Frame.write(new Frame.Series(Labels.of("app", "web")), frame);
        byte[] bytes = frame.getBytes();
        bytes[2] = 7;
        e = assertThrows(IOException.class, () -> Frame.read(bytes, 1, bytes.length - 1));
        assertTrue(e.getMessage().startsWith("read-path frame of version 7"), e.getMessage());
    }
}

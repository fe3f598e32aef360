package dev.sigyn.querier.remote;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.source.StreamStats;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Printer;
import dev.sigyn.querier.PeerTls;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ingesters' memory as one {@link LogSource}, seen from a querier in microservices mode: every call asks the
 * ingesters that serve the write log's partitions, each once for all the partitions it serves, at once, and merges
 * their answers. An ingester that cannot answer for a partition (none owns it, its owner is unreachable or says it
 * does not serve it any longer) makes the querier read the owners again and ask the new one, for up to the timeout
 * or the query's deadline; then the call fails with {@link IngestersUnavailableException} (a 503). A partial answer
 * is never returned. Calls block: run them on query threads, never on an event loop.
 */
public final class RemoteIngesters implements LogSource, IndexStatsSource, AutoCloseable {
    private static final long FIRST_BACKOFF_MILLIS = 50, MAX_BACKOFF_MILLIS = 1_000;

    private final PartitionOwners owners;
    private final Duration timeout;
    private final IngesterClient client;

    /**
     * @param timeout how long a call keeps asking for partitions whose owner cannot answer (bounded by the query's
     *                deadline too); also how long a connection may take to open and an answer may stay silent
     */
    public RemoteIngesters(Vertx vertx, PartitionOwners owners, Duration timeout) {
        this(vertx, owners, timeout, PeerTls.CLEARTEXT);
    }

    /** @param tls how the ingesters' internal port is reached ({@code grpc_tls_config}) */
    public RemoteIngesters(Vertx vertx, PartitionOwners owners, Duration timeout, PeerTls tls) {
        this.owners = owners;
        this.timeout = timeout;
        this.client = new IngesterClient(vertx, timeout, tls);
    }

    /**
     * Each stream is handed to {@code sink} once its last entry has arrived, and only once per scan: an ingester's
     * call may fail after some of its streams were handed over, and its partitions are then asked again. A stream
     * lives in one partition, and a stream an ingester finished was complete for that partition, so the repeat of it
     * in the new owner's answer is skipped. Streams still arriving when a call fails are dropped with it. The entries
     * of the streams being received are charged to the query's memory budget.
     */
    @Override
    public void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException {
        String selector = selectorText(query);
        Set<Labels> delivered = ConcurrentHashMap.newKeySet();
        ask("scan", query.context(), partitions -> new ReadRequest(tenant, partitions, selector,
                        selector.isEmpty() ? query.matchers() : List.of(), query.startNanos(), query.endNanos(),
                        query.direction(), query.limit(), 0, timeLeftMillis(query.context())),
                () -> new ScanAnswer(sink, delivered, query.context().memory()));
    }

    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos)
            throws IOException {
        Set<Labels> all = new LinkedHashSet<>();
        ask("series", QueryContext.none(), partitions -> new ReadRequest(tenant, partitions, "", matchers, startNanos,
                endNanos, Direction.FORWARD, 0, 0, 0), () -> new OwnerRound.Answer() {
            private final List<Labels> found = new ArrayList<>();

            @Override
            public void frame(Frame frame) throws IOException {
                if (!(frame instanceof Frame.Series s)) throw unexpected(frame);
                found.add(s.labels());
            }

            @Override
            public void completed() {
                all.addAll(found);
            }

            @Override
            public void abandoned() {
            }
        });
        return all;
    }

    @Override
    public List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos)
            throws IOException {
        // A stream lives in one partition: should two answers name it (a stream asked again), one is kept.
        Map<Labels, StreamStats> byStream = new TreeMap<>();
        ask("chunk_stats", QueryContext.none(), partitions -> new ReadRequest(tenant, partitions, "", matchers,
                fromNanos, throughNanos, Direction.FORWARD, 0, 0, 0), () -> new OwnerRound.Answer() {
            private final List<StreamStats> found = new ArrayList<>();

            @Override
            public void frame(Frame frame) throws IOException {
                if (!(frame instanceof Frame.Stats s)) throw unexpected(frame);
                found.add(s.stats());
            }

            @Override
            public void completed() {
                for (StreamStats s : found) byStream.putIfAbsent(s.labels(), s);
            }

            @Override
            public void abandoned() {
            }
        });
        return new ArrayList<>(byStream.values());
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * Asks the owners of all partitions, in rounds: each round asks each owner once for the partitions left, and
     * leaves the partitions whose owner could not answer for the next round, after the owners are read again.
     */
    private void ask(String operation, QueryContext context, Function<Set<Integer>, ReadRequest> request,
                     Supplier<OwnerRound.Answer> answers) throws IOException {
        long giveUpAt = giveUpAt(context);
        long backoff = FIRST_BACKOFF_MILLIS;
        PartitionOwners.Owners known = owners.current();
        int partitionCount = known.partitionCount();
        Set<Integer> left = new TreeSet<>();
        for (int p = 0; p < partitionCount; p++) left.add(p);
        while (true) {
            Map<Integer, String> failed = new HashMap<>();
            Map<String, Set<Integer>> byOwner = new TreeMap<>();
            for (int p : left) {
                var owner = known.ownerOf(p);
                if (owner.isPresent()) byOwner.computeIfAbsent(owner.get(), o -> new TreeSet<>()).add(p);
                else failed.put(p, "no ingester owns it");
            }
            OwnerRound round = new OwnerRound(client, operation, context);
            byOwner.forEach((owner, partitions) ->
                    round.start(owner, partitions, request.apply(partitions).encode(), answers.get()));
            failed.putAll(round.await());
            if (failed.isEmpty()) return;
            long now = System.currentTimeMillis();
            if (now >= giveUpAt) throw new IngestersUnavailableException(failed);
            sleep(Math.min(backoff, giveUpAt - now), context);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            known = owners.refresh();
            left = new TreeSet<>(failed.keySet());
            for (int p = partitionCount; p < known.partitionCount(); p++) left.add(p); // the write log grew
            partitionCount = Math.max(partitionCount, known.partitionCount());
        }
    }

    /**
     * What the ingesters need to compile the query's filter as the querier did: the log query it came from (they
     * take its leading line filters), or nothing when it filters nothing (the matchers then travel as values).
     */
    static String selectorText(StreamQuery query) {
        LogSelectorExpr selector = query.selector();
        if (selector == null) {
            if (query.filter() != null && query.filter() != LineFilter.ALL) {
                throw new IllegalArgumentException("a line filter without the log query it was compiled from cannot"
                        + " be sent to the ingesters (StreamQuery.selector is missing)");
            }
            return "";
        }
        if (selector.filters().isEmpty()) return "";
        return Printer.print(new LogSelectorExpr(query.matchers(), selector.stages()));
    }

    private long giveUpAt(QueryContext context) {
        return Math.min(System.currentTimeMillis() + timeout.toMillis(), deadlineMillis(context));
    }

    /** The time the query still has, for the ingester to stop by then; 0 when it has no deadline. */
    private static long timeLeftMillis(QueryContext context) {
        long deadline = deadlineMillis(context);
        return deadline == Long.MAX_VALUE ? 0 : Math.max(1, deadline - System.currentTimeMillis());
    }

    private static long deadlineMillis(QueryContext context) {
        Instant deadline = context.deadline();
        return deadline.getEpochSecond() >= Long.MAX_VALUE / 1000 - 1 ? Long.MAX_VALUE : deadline.toEpochMilli();
    }

    private static void sleep(long millis, QueryContext context) throws IOException {
        try {
            long until = System.currentTimeMillis() + millis;
            for (long left = millis; left > 0; left = until - System.currentTimeMillis()) {
                context.checkCancelled();
                Thread.sleep(Math.min(left, 100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the ingesters", e);
        }
    }

    static IOException unexpected(Frame frame) {
        return new IOException("unexpected frame from an ingester: " + frame.getClass().getSimpleName());
    }
}

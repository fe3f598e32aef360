package dev.sigyn.querier.remote;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Printer;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TailListener;
import dev.sigyn.logql.tail.TooManyTails;
import dev.sigyn.querier.PeerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Live tails through any querier in microservices mode: a tail is opened on every ingester that serves a partition
 * of the write log (the query's pipeline runs there, as in the single binary), and their lines reach the listener
 * as they come. {@link #subscribe} returns once every partition's owner has opened the tail, so a line pushed after
 * it is heard; when no owner can be reached for a partition within the timeout it fails with
 * {@link IngestersUnavailableException}. Should an owner go away later, or a partition move, the tail is opened on
 * the new owner (lines pushed in between are not heard).
 */
public final class RemoteLiveTails implements LiveTails, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteLiveTails.class);
    private static final long CHECK_OWNERS_MILLIS = 2_000;

    private final PartitionOwners owners;
    private final Duration timeout;
    private final IngesterClient client;

    /** @param timeout how long opening a tail keeps asking for partitions whose owner cannot answer */
    public RemoteLiveTails(Vertx vertx, PartitionOwners owners, Duration timeout) {
        this(vertx, owners, timeout, PeerTls.CLEARTEXT);
    }

    /** @param tls how the ingesters' internal port is reached ({@code grpc_tls_config}) */
    public RemoteLiveTails(Vertx vertx, PartitionOwners owners, Duration timeout, PeerTls tls) {
        this.owners = owners;
        this.timeout = timeout;
        this.client = new IngesterClient(vertx, timeout, tls);
    }

    @Override
    public Subscription subscribe(String tenant, LogSelectorExpr query, int maxTails, TailListener listener)
            throws TooManyTails {
        Tail tail = new Tail(tenant, Printer.print(query), maxTails, listener);
        try {
            tail.openAll(owners.current(), System.currentTimeMillis() + timeout.toMillis());
        } catch (TooManyTails | RuntimeException e) {
            tail.close();
            throw e;
        }
        Thread.ofVirtual().name("tail-owners").start(tail::watchOwners);
        return tail::close;
    }

    @Override
    public void close() {
        client.close();
    }

    /** One subscription: its tails on the ingesters, by address, and the partitions each answers for. */
    private final class Tail {
        private final String tenant;
        private final String query;
        private final int maxTails;
        private final TailListener listener;
        /** Partition to the address of the ingester whose tail covers it; guarded by this. */
        private final Map<Integer, String> coveredBy = new HashMap<>();
        private final Map<String, HttpClientRequest> open = new HashMap<>();
        private volatile boolean closed;

        Tail(String tenant, String query, int maxTails, TailListener listener) {
            this.tenant = tenant;
            this.query = query;
            this.maxTails = maxTails;
            this.listener = listener;
        }

        /** Opens the tail for every partition not covered yet, asking the owners again until {@code giveUpAt}. */
        void openAll(PartitionOwners.Owners known, long giveUpAt) throws TooManyTails {
            long backoff = 50;
            while (!closed) {
                Map<Integer, String> failed = new TreeMap<>();
                Map<String, Set<Integer>> byOwner = new TreeMap<>();
                synchronized (this) {
                    for (int p = 0; p < known.partitionCount(); p++) {
                        String covering = coveredBy.get(p);
                        var owner = known.ownerOf(p);
                        if (owner.isEmpty()) failed.put(p, "no ingester owns it");
                        else if (!owner.get().equals(covering)) byOwner.put(owner.get(), new TreeSet<>());
                    }
                }
                // A tail opened on an ingester replaces the one it may have, so it covers all its partitions.
                for (int p = 0; p < known.partitionCount(); p++) {
                    Set<Integer> partitions = byOwner.get(known.ownerOf(p).orElse(""));
                    if (partitions != null) partitions.add(p);
                }
                for (Map.Entry<String, Set<Integer>> o : byOwner.entrySet()) {
                    String why = openOn(o.getKey(), o.getValue());
                    if (why != null) for (int p : o.getValue()) failed.put(p, why);
                }
                if (failed.isEmpty()) return;
                long now = System.currentTimeMillis();
                if (now >= giveUpAt) throw new IngestersUnavailableException(failed);
                pause(Math.min(backoff, giveUpAt - now));
                backoff = Math.min(backoff * 2, 1_000);
                known = owners.refresh();
            }
        }

        /** Opens the tail on one ingester for {@code partitions}; null when it is open, else why not. */
        private String openOn(String address, Set<Integer> partitions) throws TooManyTails {
            byte[] body = new ReadRequest(tenant, partitions, query, List.of(), 0, 0, Direction.FORWARD, 0, maxTails,
                    0).encode();
            HttpClientRequest[] sent = new HttpClientRequest[1];
            Refusal refusal;
            try {
                // Handlers are set on the event loop as the answer's head arrives, so that no line is missed.
                refusal = client.post(address, "tail", body, r -> sent[0] = r)
                        .compose(response -> response.statusCode() == 200
                                ? Future.succeededFuture(listen(address, partitions, sent[0], response))
                                : refusal(response))
                        .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return OwnerRound.unreachable(address, e.getCause());
            } catch (TimeoutException e) {
                if (sent[0] != null) sent[0].reset();
                return "ingester " + address + " did not answer within " + timeout.toMillis() + " ms";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while opening a tail", e);
            }
            if (refusal == null) return null;
            if (refusal.status() == 429) throw new TooManyTails(maxTails, maxTails);
            if (refusal.status() != 503) {
                throw new IllegalArgumentException("ingester " + address + " refused the tail: " + refusal.message());
            }
            return "ingester " + address + " answered 503: " + refusal.message();
        }

        private static Future<Refusal> refusal(HttpClientResponse response) {
            Future<Refusal> refusal = response.body().map(b -> new Refusal(response.statusCode(), b.toString().trim()));
            response.resume(); // paused by the client until now (IngesterClient)
            return refusal;
        }

        /** On the event loop: takes the lines of an ingester's open tail, which now covers {@code partitions}. */
        private Refusal listen(String address, Set<Integer> partitions, HttpClientRequest request,
                               HttpClientResponse response) {
            FrameDecoder decoder = new FrameDecoder();
            response.handler(piece -> {
                try {
                    for (Frame f : decoder.feed(piece)) deliver(f);
                } catch (IOException e) {
                    log.atWarn().setCause(e).addKeyValue("ingester", address).log("bad tail frames");
                    request.reset();
                }
            });
            response.exceptionHandler(e -> lost(address, request));
            response.endHandler(v -> lost(address, request));
            response.resume(); // paused by the client until now (IngesterClient)
            synchronized (this) {
                if (closed) {
                    request.reset();
                    return null;
                }
                HttpClientRequest previous = open.put(address, request);
                if (previous != null) previous.reset(); // an older tail on the same ingester, for fewer partitions
                for (int p : partitions) coveredBy.put(p, address);
            }
            return null;
        }

        /** Calls for one subscription never overlap, though the ingesters' answers arrive on several event loops. */
        private synchronized void deliver(Frame frame) {
            if (closed) return;
            switch (frame) {
                case Frame.TailLine l -> listener.onLine(l.line());
                case Frame.TailDropped d -> listener.onDropped(d.stream(), d.timestampNanos());
                default -> { } // heartbeats
            }
        }

        /** An ingester's tail ended: its partitions are covered by nothing until the watcher opens them again. */
        private synchronized void lost(String address, HttpClientRequest request) {
            if (open.get(address) != request) return; // a tail replaced by a newer one
            open.remove(address);
            coveredBy.values().removeIf(address::equals);
            notifyAll();
        }

        /** Until the tail is closed: opens it again where an owner went away or a partition moved. */
        void watchOwners() {
            while (!closed) {
                synchronized (this) {
                    try {
                        wait(CHECK_OWNERS_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) return;
                try {
                    openAll(owners.current(), Long.MAX_VALUE);
                } catch (TooManyTails | RuntimeException e) {
                    log.atWarn().setCause(e).log("could not open a live tail again on the ingesters");
                }
            }
        }

        void close() {
            closed = true;
            synchronized (this) {
                open.values().forEach(HttpClientRequest::reset);
                open.clear();
                notifyAll();
            }
        }

        private void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while opening a tail", e);
            }
        }
    }

    /** An ingester's answer other than an open tail. */
    private record Refusal(int status, String message) {}
}

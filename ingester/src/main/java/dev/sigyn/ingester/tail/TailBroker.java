package dev.sigyn.ingester.tail;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TailListener;
import dev.sigyn.logql.tail.TooManyTails;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The in-process {@link LiveTails}: connects live tails to the push path. The ingester {@link #publish publishes}
 * each stream's accepted entries after the WAL acknowledged them; every tail of that tenant whose selector matches
 * the stream queues them, and runs its query's pipeline over them on the tail threads ({@link TailFeed}). Also
 * enforces the per-tenant number of concurrent tails. Thread-safe; publishing to a tenant nobody tails costs one map
 * lookup.
 */
public final class TailBroker implements LiveTails {
    private final Map<String, CopyOnWriteArrayList<TailFeed>> byTenant = new ConcurrentHashMap<>();
    private final Executor workers;
    private final int maxQueuedEntries;

    /** @param workers where tails run their pipelines: never the pushing threads */
    public TailBroker(Executor workers) {
        this(workers, TailFeed.DEFAULT_MAX_QUEUED_ENTRIES);
    }

    /** @param maxQueuedEntries entries a tail may have waiting for its pipeline before it drops new ones */
    TailBroker(Executor workers, int maxQueuedEntries) {
        this.workers = workers;
        this.maxQueuedEntries = maxQueuedEntries;
    }

    @Override
    public Subscription subscribe(String tenant, LogSelectorExpr query, int maxTails, TailListener listener)
            throws TooManyTails {
        TailFeed feed = new TailFeed(query, listener, workers, maxQueuedEntries, f -> unregister(tenant, f));
        int[] refusedAt = {-1};
        byTenant.compute(tenant, (t, feeds) -> {
            if (feeds == null) feeds = new CopyOnWriteArrayList<>();
            if (feeds.size() >= maxTails) refusedAt[0] = feeds.size();
            else feeds.add(feed);
            return feeds.isEmpty() ? null : feeds;
        });
        if (refusedAt[0] >= 0) throw new TooManyTails(refusedAt[0], maxTails);
        return feed;
    }

    private void unregister(String tenant, TailFeed feed) {
        byTenant.computeIfPresent(tenant, (t, feeds) -> {
            feeds.remove(feed);
            return feeds.isEmpty() ? null : feeds;
        });
    }

    /** How many tails the tenant has open. */
    public int activeTails(String tenant) {
        List<TailFeed> feeds = byTenant.get(tenant);
        return feeds == null ? 0 : feeds.size();
    }

    /** True when someone tails the tenant: the push path only then keeps what it wrote for {@link #publish}. */
    public boolean isTailed(String tenant) {
        return byTenant.containsKey(tenant);
    }

    /**
     * Hands a stream's newly durable entries to the tails that select it. Runs on the pushing thread: only queues
     * them, the tails' pipelines run later on their workers.
     */
    public void publish(String tenant, Labels stream, List<ChunkEntry> entries) {
        List<TailFeed> feeds = byTenant.get(tenant);
        if (feeds == null || entries.isEmpty()) return;
        List<ChunkEntry> kept = null;
        for (TailFeed f : feeds) {
            if (!f.selects(stream)) continue;
            // Read after this returns: a copy of its own, since the push path's list is the push path's.
            if (kept == null) kept = List.copyOf(entries);
            f.offer(stream, kept);
        }
    }
}

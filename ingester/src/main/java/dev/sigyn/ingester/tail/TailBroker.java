package dev.sigyn.ingester.tail;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-process {@link LiveTails}: connects live tails to the push path. The ingester {@link #publish publishes} each stream's accepted entries
 * after the WAL acknowledged them, and every tail of that tenant whose selector matches the stream hears of them.
 * Also enforces the per-tenant number of concurrent tails. Thread-safe; publishing to a tenant nobody tails costs
 * one map lookup.
 */
public final class TailBroker implements LiveTails {
    private static final Logger log = LoggerFactory.getLogger(TailBroker.class);
    private final Map<String, CopyOnWriteArrayList<Tail>> byTenant = new ConcurrentHashMap<>();

    private final class Tail implements Subscription {
        private final String tenant;
        private final List<LabelMatcher> matchers;
        private final TailListener listener;

        private Tail(String tenant, List<LabelMatcher> matchers, TailListener listener) {
            this.tenant = tenant;
            this.matchers = List.copyOf(matchers);
            this.listener = listener;
        }

        private boolean selects(Labels stream) {
            for (LabelMatcher m : matchers) if (!m.matches(stream)) return false;
            return true;
        }

        @Override
        public void close() {
            byTenant.computeIfPresent(tenant, (t, subs) -> {
                subs.remove(this);
                return subs.isEmpty() ? null : subs;
            });
        }
    }

    @Override
    public Subscription subscribe(String tenant, List<LabelMatcher> selector, int maxTails, TailListener listener)
            throws TooManyTails {
        Tail s = new Tail(tenant, selector, listener);
        int[] refusedAt = {-1};
        byTenant.compute(tenant, (t, subs) -> {
            if (subs == null) subs = new CopyOnWriteArrayList<>();
            if (subs.size() >= maxTails) refusedAt[0] = subs.size();
            else subs.add(s);
            return subs.isEmpty() ? null : subs;
        });
        if (refusedAt[0] >= 0) throw new TooManyTails(refusedAt[0], maxTails);
        return s;
    }

    /** How many tails the tenant has open. */
    public int activeTails(String tenant) {
        List<Tail> subs = byTenant.get(tenant);
        return subs == null ? 0 : subs.size();
    }

    /** True when someone tails the tenant: the push path only then keeps what it wrote for {@link #publish}. */
    public boolean isTailed(String tenant) {
        return byTenant.containsKey(tenant);
    }

    /** Hands a stream's newly durable entries to the tails that select it. */
    public void publish(String tenant, Labels stream, List<ChunkEntry> entries) {
        List<Tail> subs = byTenant.get(tenant);
        if (subs == null || entries.isEmpty()) return;
        List<ChunkEntry> readOnly = Collections.unmodifiableList(entries);
        for (Tail s : subs) {
            try {
                if (s.selects(stream)) s.listener.onEntries(stream, readOnly);
            } catch (RuntimeException e) {
                // A broken tail must not fail the push: the entries are stored either way.
                log.warn("a live tail failed to take entries; it is closed", e);
                s.close();
            }
        }
    }
}

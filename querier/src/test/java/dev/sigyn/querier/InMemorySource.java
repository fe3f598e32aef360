package dev.sigyn.querier;

import dev.sigyn.logql.source.ListedLogSource;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamStats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A LogSource over lists in memory that keeps the LogSource contract, and remembers which tenants asked. As an
 * {@link IndexStatsSource} it holds each entry in a chunk of its own, so its index statistics are exact.
 */
final class InMemorySource implements ListedLogSource, IndexStatsSource {
    private final Map<String, Map<Labels, List<Entry>>> byTenant = new HashMap<>();
    final List<String> tenantsAsked = new CopyOnWriteArrayList<>();
    final Set<String> threadsUsed = ConcurrentHashMap.newKeySet();

    InMemorySource add(String tenant, Labels labels, long ts, String line) {
        return add(tenant, labels, ts, line, Labels.EMPTY);
    }

    /** An entry with structured metadata. */
    InMemorySource add(String tenant, Labels labels, long ts, String line, Labels metadata) {
        byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>())
                .computeIfAbsent(labels, l -> new ArrayList<>()).add(new Entry(ts, line, metadata));
        return this;
    }

    @Override
    public List<StreamResult> select(String tenant, StreamQuery q) {
        tenantsAsked.add(tenant);
        threadsUsed.add(Thread.currentThread().getName());
        List<StreamResult> out = new ArrayList<>();
        for (Map.Entry<Labels, List<Entry>> s : byTenant.getOrDefault(tenant, Map.of()).entrySet()) {
            if (!matchesAll(q.matchers(), s.getKey())) continue;
            List<Entry> kept = new ArrayList<>();
            for (Entry e : s.getValue()) {
                if (e.timestampNanos() >= q.startNanos() && e.timestampNanos() < q.endNanos()
                        && q.filter().test(e.line().getBytes(StandardCharsets.UTF_8))) kept.add(e);
            }
            Comparator<Entry> order = Comparator.comparingLong(Entry::timestampNanos);
            kept.sort(q.direction() == Direction.FORWARD ? order : order.reversed());
            if (q.limit() > 0 && kept.size() > q.limit()) kept = kept.subList(0, q.limit());
            if (!kept.isEmpty()) out.add(new StreamResult(s.getKey(), List.copyOf(kept)));
        }
        return out;
    }

    @Override
    public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        tenantsAsked.add(tenant);
        Set<Labels> out = new java.util.HashSet<>();
        for (Map.Entry<Labels, List<Entry>> s : byTenant.getOrDefault(tenant, Map.of()).entrySet()) {
            if (!matchesAll(matchers, s.getKey())) continue;
            for (Entry e : s.getValue()) {
                if (e.timestampNanos() >= startNanos && e.timestampNanos() < endNanos) {
                    out.add(s.getKey());
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        tenantsAsked.add(tenant);
        List<StreamStats> out = new ArrayList<>();
        for (Map.Entry<Labels, List<Entry>> s : byTenant.getOrDefault(tenant, Map.of()).entrySet()) {
            if (!matchesAll(matchers, s.getKey())) continue;
            List<ChunkStats> chunks = new ArrayList<>();
            for (Entry e : s.getValue()) {
                long ts = e.timestampNanos();
                if (ts >= fromNanos && ts <= throughNanos) chunks.add(new ChunkStats(ts, ts, 1, Utf8.length(e.line())));
            }
            if (!chunks.isEmpty()) out.add(new StreamStats(s.getKey(), chunks));
        }
        return out;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) if (!m.matches(labels)) return false;
        return true;
    }
}

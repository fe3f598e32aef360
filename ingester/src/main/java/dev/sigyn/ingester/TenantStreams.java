package dev.sigyn.ingester;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The in-memory streams of one tenant with an inverted index (label name → value → streams) for selecting streams
 * by {@code =} matchers. Pushes to existing streams find them without locking; creating and removing streams takes
 * the write lock, which also keeps the index consistent with the map.
 */
final class TenantStreams {
    final String tenant;
    private final ConcurrentHashMap<Labels, Stream> streams = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<Stream>>> postings = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    TenantStreams(String tenant) {
        this.tenant = tenant;
    }

    int size() {
        return streams.size();
    }

    Collection<Stream> all() {
        return streams.values();
    }

    /** The stream, created if needed; null when creating it would exceed {@code maxStreams} (0 = no limit). */
    Stream getOrCreate(Labels labels, int maxStreams, Supplier<Stream> factory) {
        Stream s = streams.get(labels);
        if (s != null) return s;
        lock.writeLock().lock();
        try {
            s = streams.get(labels);
            if (s != null) return s;
            if (maxStreams > 0 && streams.size() >= maxStreams) return null;
            s = factory.get();
            streams.put(labels, s);
            for (Label l : labels.asList()) {
                postings.computeIfAbsent(l.name(), k -> new HashMap<>())
                        .computeIfAbsent(l.value(), k -> ConcurrentHashMap.newKeySet()).add(s);
            }
            return s;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops the stream if it holds no data any more; true when it was dropped. */
    boolean removeIfEmpty(Stream s) {
        lock.writeLock().lock();
        try {
            if (streams.get(s.labels) != s || !s.markRemovedIfEmpty()) return false;
            streams.remove(s.labels);
            for (Label l : s.labels.asList()) {
                Map<String, Set<Stream>> values = postings.get(l.name());
                Set<Stream> set = values.get(l.value());
                set.remove(s);
                if (set.isEmpty()) values.remove(l.value());
                if (values.isEmpty()) postings.remove(l.name());
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Streams whose labels match every matcher (all streams for an empty list), sorted by labels. */
    List<Stream> matching(List<LabelMatcher> matchers) {
        List<Stream> candidates;
        lock.readLock().lock();
        try {
            candidates = candidates(matchers);
        } finally {
            lock.readLock().unlock();
        }
        List<Stream> out = new ArrayList<>(candidates.size());
        for (Stream s : candidates) if (matchesAll(matchers, s.labels)) out.add(s);
        out.sort(Comparator.comparing(s -> s.labels));
        return out;
    }

    /** Streams that can match: the smallest postings list of an {@code =} matcher with a non-empty value, or all. */
    private List<Stream> candidates(List<LabelMatcher> matchers) {
        Set<Stream> smallest = null;
        for (LabelMatcher m : matchers) {
            if (m.type() != LabelMatcher.Type.EQ || m.value().isEmpty()) continue;
            Map<String, Set<Stream>> values = postings.get(m.name());
            Set<Stream> set = values == null ? null : values.get(m.value());
            if (set == null) return List.of();
            if (smallest == null || set.size() < smallest.size()) smallest = set;
        }
        return new ArrayList<>(smallest != null ? smallest : streams.values());
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) if (!m.matches(labels)) return false;
        return true;
    }
}

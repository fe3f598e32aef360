package dev.sigyn.querier;

import dev.sigyn.logql.Cancellation;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.StreamResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Turns the answers of several sources (ingester memory, object store) into one log query answer: streams with
 * equal labels are merged, entries that more than one source returned (same timestamp and line) are kept once,
 * and only the first {@code limit} entries in the query's direction across all streams remain, as Loki's
 * entry iterator would return them.
 */
final class StreamMerger {
    /** Entries taken between two checks of the query's cancellation. */
    private static final int ENTRIES_PER_CHECK = 4096;

    private StreamMerger() {}

    /**
     * @param perSource      each source's streams, entries sorted in {@code direction}
     * @param intervalNanos  Loki's {@code interval}: after an entry, skip entries closer than this (0 keeps all)
     * @param cancellation   the query's, checked per stream and every {@value #ENTRIES_PER_CHECK} entries taken
     * @return the answer's streams sorted by their label text (Loki's order), entries in {@code direction}
     */
    static List<StreamResult> merge(List<List<StreamResult>> perSource, Direction direction, int limit,
                                    long intervalNanos, Cancellation cancellation) {
        Map<Labels, List<List<Entry>>> byLabels = new LinkedHashMap<>();
        for (List<StreamResult> streams : perSource) {
            for (StreamResult s : streams) {
                if (!s.entries().isEmpty()) byLabels.computeIfAbsent(s.labels(), l -> new ArrayList<>()).add(s.entries());
            }
        }
        List<Cursor> cursors = new ArrayList<>(byLabels.size());
        for (Map.Entry<Labels, List<List<Entry>>> e : byLabels.entrySet()) {
            cancellation.check();
            List<Entry> entries = mergeStream(e.getValue(), direction, limit);
            if (!entries.isEmpty()) cursors.add(new Cursor(e.getKey(), e.getKey().toString(), entries));
        }
        return takeFirst(cursors, direction, limit, intervalNanos, cancellation);
    }

    /** One stream's entries from every source: sorted in direction, duplicates removed, cut to the limit. */
    private static List<Entry> mergeStream(List<List<Entry>> fromSources, Direction direction, int limit) {
        List<Entry> all;
        if (fromSources.size() == 1) {
            all = fromSources.getFirst();
        } else {
            all = new ArrayList<>();
            for (List<Entry> l : fromSources) all.addAll(l);
            // Stable: entries sharing a timestamp keep each source's (write) order.
            all.sort(byTime(direction));
        }
        return dropDuplicates(all, limit);
    }

    private static Comparator<Entry> byTime(Direction direction) {
        Comparator<Entry> forward = Comparator.comparingLong(Entry::timestampNanos);
        return direction == Direction.FORWARD ? forward : forward.reversed();
    }

    /** Keeps the first of entries with equal timestamp and line; they need not be adjacent within a timestamp. */
    private static List<Entry> dropDuplicates(List<Entry> sorted, int limit) {
        List<Entry> out = new ArrayList<>(Math.min(sorted.size(), limit));
        int i = 0;
        while (i < sorted.size() && out.size() < limit) {
            long ts = sorted.get(i).timestampNanos();
            int runEnd = i + 1;
            while (runEnd < sorted.size() && sorted.get(runEnd).timestampNanos() == ts) runEnd++;
            if (runEnd - i == 1) {
                out.add(sorted.get(i));
            } else {
                Set<String> lines = new HashSet<>();
                for (int j = i; j < runEnd && out.size() < limit; j++) {
                    if (lines.add(sorted.get(j).line())) out.add(sorted.get(j));
                }
            }
            i = runEnd;
        }
        return out;
    }

    /** A k-way merge over the streams, taking entries in direction order until the limit is reached. */
    private static List<StreamResult> takeFirst(List<Cursor> cursors, Direction direction, int limit,
                                                long intervalNanos, Cancellation cancellation) {
        Comparator<Cursor> order = (a, b) -> {
            long ta = a.peek().timestampNanos(), tb = b.peek().timestampNanos();
            if (ta != tb) return direction == Direction.FORWARD ? Long.compare(ta, tb) : Long.compare(tb, ta);
            return a.labelText.compareTo(b.labelText); // ties: deterministic, by stream
        };
        PriorityQueue<Cursor> heap = new PriorityQueue<>(Math.max(1, cursors.size()), order);
        heap.addAll(cursors);
        int taken = 0;
        boolean first = true;
        long last = 0;
        int sinceCheck = 0;
        while (taken < limit && !heap.isEmpty()) {
            if (++sinceCheck == ENTRIES_PER_CHECK) {
                cancellation.check();
                sinceCheck = 0;
            }
            Cursor c = heap.poll();
            Entry e = c.next();
            // Loki's interval: one global "last returned" time across streams, as in its readStreams.
            boolean due = intervalNanos == 0 || first || (direction == Direction.FORWARD
                    ? e.timestampNanos() >= last + intervalNanos
                    : e.timestampNanos() <= last - intervalNanos);
            if (due) {
                c.taken.add(e);
                last = e.timestampNanos();
                first = false;
                taken++;
            }
            if (c.hasNext()) heap.add(c);
        }
        List<Cursor> withEntries = new ArrayList<>();
        for (Cursor c : cursors) if (!c.taken.isEmpty()) withEntries.add(c);
        withEntries.sort(Comparator.comparing(c -> c.labelText));
        List<StreamResult> out = new ArrayList<>(withEntries.size());
        for (Cursor c : withEntries) out.add(new StreamResult(c.labels, List.copyOf(c.taken)));
        return out;
    }

    private static final class Cursor {
        final Labels labels;
        final String labelText;
        final List<Entry> entries;
        final List<Entry> taken = new ArrayList<>();
        int pos;

        Cursor(Labels labels, String labelText, List<Entry> entries) {
            this.labels = labels;
            this.labelText = labelText;
            this.entries = entries;
        }

        Entry peek() { return entries.get(pos); }
        Entry next() { return entries.get(pos++); }
        boolean hasNext() { return pos < entries.size(); }
    }
}

package dev.sigyn.querier.patterns;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The newest lines of the selected streams in a range, from every source, oldest first, each once (the ingester
 * and the object store can both hold a line around a flush). The range is read from its end backwards in windows,
 * so that a long range over busy streams stops reading once enough lines are in hand.
 */
final class RecentLines {
    /** Lines mined per query at most: bounds the memory and time of a patterns call. */
    static final int MAX_LINES = 50_000;
    /** Windows the range is read in, newest first. */
    private static final int WINDOWS = 8;

    record Line(Labels stream, Entry entry) {}

    private final List<LogSource> sources;
    private final int maxLines;

    RecentLines(List<LogSource> sources) {
        this(sources, MAX_LINES);
    }

    RecentLines(List<LogSource> sources, int maxLines) {
        this.sources = List.copyOf(sources);
        this.maxLines = maxLines;
    }

    /**
     * Blocks on the sources: call on a worker thread. Stops when the query is cancelled; the lines read are charged
     * to its memory budget.
     */
    List<Line> newest(QueryContext context, String tenant, List<LabelMatcher> selector, long startNanos, long endNanos)
            throws IOException {
        List<Line> lines = new ArrayList<>();
        long window = Math.max(1, Math.ceilDiv(endNanos - startNanos, WINDOWS));
        for (long windowEnd = endNanos; windowEnd > startNanos && lines.size() < maxLines; windowEnd -= window) {
            context.checkCancelled();
            long windowStart = Math.max(startNanos, windowEnd - window);
            // Per stream at most maxLines, the newest ones: enough for the cut below.
            StreamQuery q = new StreamQuery(selector, LineFilter.ALL, windowStart, windowEnd, Direction.BACKWARD, maxLines,
                    context);
            List<Line> found = distinct(sources, tenant, q);
            long held = 0;
            for (Line l : found) held += MemoryBudget.entryBytes(l.entry().line().length());
            context.memory().charge(held);
            lines.addAll(found);
        }
        lines.sort(Comparator.comparingLong((Line l) -> l.entry().timestampNanos()).reversed());
        List<Line> newest = lines.subList(0, Math.min(maxLines, lines.size()));
        List<Line> oldestFirst = new ArrayList<>(newest);
        oldestFirst.sort(Comparator.comparingLong(l -> l.entry().timestampNanos()));
        return oldestFirst;
    }

    private static List<Line> distinct(List<LogSource> sources, String tenant, StreamQuery q) throws IOException {
        List<Line> out = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        for (LogSource source : sources) {
            q.context().checkCancelled();
            for (StreamResult s : CollectedStreams.scan(source, tenant, q)) {
                for (Entry e : s.entries()) {
                    if (sources.size() == 1 || seen.add(new Key(s.labels(), e.timestampNanos(), e.line()))) {
                        out.add(new Line(s.labels(), e));
                    }
                }
            }
        }
        return out;
    }

    private record Key(Labels stream, long timestampNanos, String line) {}
}

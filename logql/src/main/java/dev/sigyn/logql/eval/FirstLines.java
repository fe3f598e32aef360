package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.source.LogLineSink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The answer of a log query as its sources deliver it: keeps the first {@code limit} lines in the query's direction
 * whatever order they arrive in, from any number of sources and threads, and drops repeats (a line held by two
 * sources, e.g. ingester memory and the object store). Lines at the same time are ordered by their stream's labels,
 * then by arrival. Once full it {@link #wants} only lines that would displace one it holds, which is what lets the
 * sources stop reading. What it holds is charged to the query's memory budget.
 */
public final class FirstLines implements LogLineSink {
    private static final Comparator<LogLine> SAME_TIME = Comparator.comparing(LogLine::stream);

    private final boolean forward;
    private final int limit;
    private final MemoryBudget.Account account;
    private final TreeMap<Long, List<LogLine>> byTime = new TreeMap<>();
    private final LongAdder linesRead = new LongAdder(), bytesRead = new LongAdder();
    private int count;
    /** Set once {@code limit} lines are held: the time of the worst of them. */
    private volatile boolean full;
    private volatile long worst;

    /** @param limit the most lines kept (≤ 0: all) */
    public FirstLines(Direction direction, int limit, MemoryBudget.Account account) {
        this.forward = direction == Direction.FORWARD;
        this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
        this.account = account;
    }

    @Override
    public boolean wants(long timestampNanos) {
        return !full || (forward ? timestampNanos <= worst : timestampNanos >= worst);
    }

    @Override
    public synchronized void accept(LogLine line) {
        long ts = line.timestampNanos();
        if (!wants(ts)) return;
        List<LogLine> same = byTime.get(ts);
        if (same == null) {
            byTime.put(ts, same = new ArrayList<>(1));
        } else if (same.contains(line)) {
            return;
        }
        same.add(line);
        account.charge(bytes(line));
        if (++count > limit) evictWorst();
        if (count >= limit) {
            worst = forward ? byTime.lastKey() : byTime.firstKey();
            full = true;
        }
    }

    @Override
    public void read(long lines, long bytes) {
        linesRead.add(lines);
        bytesRead.add(bytes);
    }

    private void evictWorst() {
        Map.Entry<Long, List<LogLine>> last = forward ? byTime.lastEntry() : byTime.firstEntry();
        List<LogLine> same = last.getValue();
        same.sort(SAME_TIME);
        LogLine evicted = same.removeLast();
        if (same.isEmpty()) byTime.remove(last.getKey());
        count--;
        account.release(bytes(evicted));
    }

    /** The kept lines in the query's direction. */
    public synchronized List<LogLine> lines() {
        List<LogLine> out = new ArrayList<>(count);
        for (List<LogLine> same : (forward ? byTime : byTime.descendingMap()).values()) {
            same.sort(SAME_TIME);
            out.addAll(same);
        }
        return out;
    }

    /** Entries the sources read before the pipeline. */
    public long linesRead() {
        return linesRead.sum();
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    private static long bytes(LogLine l) {
        return MemoryBudget.entryBytes(l.line().length()) + MemoryBudget.labelsBytes(l.structuredMetadata())
                + MemoryBudget.labelsBytes(l.parsed());
    }
}

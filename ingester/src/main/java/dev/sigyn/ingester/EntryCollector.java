package dev.sigyn.ingester;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.LineSink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the first {@code limit} entries of one stream in the query's direction, fed in any order, as line bytes. Entries must be
 * fed in arrival order for equal timestamps (blocks oldest first, then the head), which the feed order number
 * preserves: forward answers ties oldest first, backward newest first, as Loki's iterators do. Memory stays
 * proportional to the limit: once twice the limit is held, the surplus is dropped and a bound lets later entries
 * that cannot make it be skipped before their line becomes a String.
 */
final class EntryCollector {
    private record Candidate(long ts, long order, byte[] line, Labels metadata) {}

    private final Direction direction;
    private final int limit;
    private final Comparator<Candidate> order;
    private final List<Candidate> kept = new ArrayList<>();
    private long fed;
    private long heldBytes;
    private boolean bounded;
    private long bound;

    /** A limit of zero or less keeps everything. */
    EntryCollector(Direction direction, int limit) {
        this.direction = direction;
        this.limit = limit;
        Comparator<Candidate> forward = Comparator.comparingLong(Candidate::ts).thenComparingLong(Candidate::order);
        this.order = direction == Direction.FORWARD ? forward : forward.reversed();
    }

    /** False when an entry with this timestamp can no longer be among the results (checked before filtering). */
    boolean canUse(long ts) {
        if (!bounded) return true;
        return direction == Direction.FORWARD ? ts < bound : ts >= bound;
    }

    void add(long ts, byte[] buf, int off, int len, Labels metadata) {
        long n = fed++;
        if (!canUse(ts)) return;
        kept.add(new Candidate(ts, n, Arrays.copyOfRange(buf, off, off + len), metadata == null ? Labels.EMPTY : metadata));
        heldBytes += MemoryBudget.entryBytes(len);
        if (limit > 0 && kept.size() >= 2 * limit) trim();
    }

    /** What the kept entries take in memory, as the query's budget counts it (an upper bound after a trim). */
    long heldBytes() {
        return heldBytes;
    }

    boolean isEmpty() {
        return kept.isEmpty();
    }

    /** Hands the result to {@code lines}, in the direction's order, and ends it. */
    void emit(LineSink lines) {
        kept.sort(order);
        dropRepeats();
        int n = limit > 0 ? Math.min(limit, kept.size()) : kept.size();
        for (int i = 0; i < n; i++) {
            Candidate c = kept.get(i);
            lines.accept(c.ts(), c.line(), 0, c.line().length, c.metadata());
        }
        lines.end();
    }

    /**
     * Keeps one of each entry held twice (same timestamp, line and structured metadata: what a push refuses as a
     * duplicate), as the object store's reader does: a stream
     * can hold an entry twice once it left the head block, where repeats are refused (a client retried a push the
     * write log had taken after all). {@code kept} is sorted, so repeats sit among the entries of their timestamp.
     */
    private void dropRepeats() {
        int out = 0;
        int sameTsFrom = 0;
        for (int i = 0; i < kept.size(); i++) {
            Candidate c = kept.get(i);
            if (out > 0 && kept.get(out - 1).ts() != c.ts()) sameTsFrom = out;
            boolean repeat = false;
            for (int j = sameTsFrom; j < out && !repeat; j++) {
                Candidate k = kept.get(j);
                repeat = Arrays.equals(k.line(), c.line()) && k.metadata().equals(c.metadata());
            }
            if (!repeat) kept.set(out++, c);
        }
        kept.subList(out, kept.size()).clear();
    }

    private void trim() {
        kept.sort(order);
        dropRepeats();
        if (kept.size() <= limit) return;
        kept.subList(limit, kept.size()).clear();
        bounded = true;
        bound = kept.getLast().ts();
    }
}

package dev.sigyn.store.chunk;

import java.util.BitSet;
import java.util.function.LongPredicate;

/**
 * A {@link BlockRun} after decompression, with the entries chosen to be visited. Visit it from one thread, then
 * {@link #release()} it: the lines passed to a visitor live in arrays that are lent to later blocks afterwards.
 */
final class DecodedRun {
    private final DecodedBlock[] blocks;
    /** Per block the entries to visit, or null when all in range are. */
    private final BitSet[] chosen;
    private final int[] lo;
    private final int[] hi;
    private final boolean forward;

    DecodedRun(DecodedBlock[] blocks, BitSet[] chosen, int[] lo, int[] hi, boolean forward) {
        this.blocks = blocks;
        this.chosen = chosen;
        this.lo = lo;
        this.hi = hi;
        this.forward = forward;
    }

    /**
     * Visits the chosen entries in time order (ties between blocks in block order; BACKWARD is the exact reverse).
     * {@code keepGoing} is asked with each chosen entry's timestamp before it is visited; returns false when it said
     * stop.
     */
    boolean visit(EntryVisitor visitor, LongPredicate keepGoing) {
        int k = blocks.length;
        int[] pos = new int[k];
        for (int j = 0; j < k; j++) pos[j] = step(j, forward ? lo[j] - 1 : hi[j]);
        if (k == 1) {
            for (int i = pos[0]; i >= 0; i = step(0, i)) {
                if (!keepGoing.test(blocks[0].timestamp(i))) return false;
                blocks[0].visit(i, visitor);
            }
            return true;
        }
        while (true) {
            // Pick the next entry across the blocks; runs are short, so a linear pick beats a heap.
            int best = -1;
            long bestTs = 0;
            for (int j = 0; j < k; j++) {
                if (pos[j] < 0) continue;
                long ts = blocks[j].timestamp(pos[j]);
                if (best < 0 || (forward ? ts < bestTs : ts >= bestTs)) {
                    best = j;
                    bestTs = ts;
                }
            }
            if (best < 0) return true;
            if (!keepGoing.test(bestTs)) return false;
            blocks[best].visit(pos[best], visitor);
            pos[best] = step(best, pos[best]);
        }
    }

    /** Block j's next chosen entry after {@code i} in scan order, or -1 when it has no more in range. */
    private int step(int j, int i) {
        BitSet marks = chosen == null ? null : chosen[j];
        if (forward) {
            int next = marks == null ? i + 1 : marks.nextSetBit(i + 1);
            return next >= 0 && next < hi[j] ? next : -1;
        }
        int next = marks == null ? i - 1 : marks.previousSetBit(i - 1);
        return next >= lo[j] ? next : -1;
    }

    /** Hands the blocks' arrays back for reuse; the run must not be visited afterwards. */
    void release() {
        for (DecodedBlock b : blocks) b.release();
    }
}

package dev.sigyn.store.chunk;

import java.util.BitSet;
import java.util.List;

/**
 * Blocks of one chunk whose time ranges chain together, to be read as one time-ordered sequence of entries within
 * [from, through) in one direction (see {@link Chunk#runs}). Only references compressed blocks: {@link #decode}
 * does the work.
 */
final class BlockRun {
    private final List<Block> blocks;
    private final long from;
    private final long through;
    private final boolean forward;

    BlockRun(List<Block> blocks, long from, long through, boolean forward) {
        this.blocks = blocks;
        this.from = from;
        this.through = through;
        this.forward = forward;
    }

    /** The first timestamp in scan order this run could hold: every entry it visits comes at or after it. */
    long nearestTimestamp() {
        long nearest = forward ? Long.MAX_VALUE : Long.MIN_VALUE;
        for (Block b : blocks) {
            nearest = forward ? Math.min(nearest, Math.max(b.minTimestamp(), from))
                    : Math.max(nearest, Math.min(b.maxTimestamp(), through - 1));
        }
        return nearest;
    }

    /**
     * Decompresses the blocks and, when {@code literals} is not empty, picks the entries whose line holds them all;
     * only entries in [from, through) are visited.
     */
    DecodedRun decode(LiteralSearch literals) {
        int k = blocks.size();
        DecodedBlock[] decoded = new DecodedBlock[k];
        BitSet[] candidates = literals.isEmpty() ? null : new BitSet[k];
        int[] lo = new int[k];
        int[] hi = new int[k];
        for (int j = 0; j < k; j++) {
            DecodedBlock block = blocks.get(j).decompress();
            decoded[j] = block;
            lo[j] = block.lowerBound(from);
            hi[j] = block.lowerBound(through);
            if (candidates != null) candidates[j] = literals.candidates(block);
        }
        return new DecodedRun(decoded, candidates, lo, hi, forward);
    }
}

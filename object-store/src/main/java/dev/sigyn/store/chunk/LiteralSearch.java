package dev.sigyn.store.chunk;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The literals every wanted line holds (a line filter's {@code requiredLiterals()}), looked for in each decompressed
 * block before any of its lines is visited.
 *
 * <p>Only one literal is searched over the whole block; the others are then looked for in the lines that hold it.
 * That first literal should be the rarest, since every hit costs more than the bytes scanned between hits, and
 * queries often put a common word first ({@code |= "POST" |~ "\" 5\\d\\d "}). So the search learns it: on the first
 * block it sees, and on every {@value #REMEASURE_EVERY}th after it, every literal is searched over the whole block
 * and the literals are ordered by the share of lines holding them.
 *
 * <p>One per query scan; safe to share between the threads decoding its blocks. The statistics are only a hint of
 * which order is fastest: every order finds exactly the same lines.
 */
public final class LiteralSearch {
    /** No literal: every line is a candidate. */
    public static final LiteralSearch NONE = new LiteralSearch(new byte[0][]);
    private static final int REMEASURE_EVERY = 16;

    private final byte[][] literals;
    private final AtomicInteger blocksSearched = new AtomicInteger();
    /** Indexes into {@link #literals}, rarest first as last measured; replaced whole, never modified. */
    private volatile int[] order;

    private LiteralSearch(byte[][] literals) {
        this.literals = literals;
        this.order = IntStream.range(0, literals.length).toArray();
    }

    /** A search for lines holding every one of {@code literals}; empty literals are in every line and are left out. */
    public static LiteralSearch of(List<byte[]> literals) {
        List<byte[]> kept = new ArrayList<>(literals.size());
        for (byte[] literal : literals) if (literal.length > 0) kept.add(literal.clone());
        return kept.isEmpty() ? NONE : new LiteralSearch(kept.toArray(new byte[0][]));
    }

    /** True when every line is a candidate (nothing to search for). */
    public boolean isEmpty() {
        return literals.length == 0;
    }

    /** The entries of {@code block} whose line holds every literal; not to be called when {@link #isEmpty()}. */
    BitSet candidates(DecodedBlock block) {
        int[] current = order;
        if (current.length > 1 && blocksSearched.getAndIncrement() % REMEASURE_EVERY == 0) return measureAndSearch(block);
        BitSet result = block.linesContaining(literals[current[0]]);
        for (int j = 1; j < current.length && !result.isEmpty(); j++) block.keepLinesContaining(result, literals[current[j]]);
        return result;
    }

    /** Searches every literal over the whole block, reorders them by how many lines hold each, and intersects. */
    private BitSet measureAndSearch(DecodedBlock block) {
        int[] hits = new int[literals.length];
        BitSet result = null;
        for (int i = 0; i < literals.length; i++) {
            BitSet lines = block.linesContaining(literals[i]);
            hits[i] = lines.cardinality();
            if (result == null) result = lines;
            else result.and(lines);
        }
        order = IntStream.range(0, literals.length).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> hits[i]).thenComparingInt(i -> -literals[i].length))
                .mapToInt(Integer::intValue).toArray();
        return result;
    }
}

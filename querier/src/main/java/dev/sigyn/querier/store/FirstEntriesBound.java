package dev.sigyn.querier.store;

import dev.sigyn.logql.Direction;

import java.util.Arrays;

/**
 * Shared by the streams of one log query whose answer is the first {@code limit} entries of all streams together:
 * it tracks the {@code limit}-th best timestamp admitted so far across streams. An entry strictly worse than that
 * has {@code limit} distinct entries before it, so no stream needs to keep it or read further chunks for it, which
 * lets each stream stop near its share of the limit instead of at the whole limit. Thread-safe.
 */
final class FirstEntriesBound {
    private final boolean forward;
    private final int limit;
    /** Max-heap of keys (the timestamp in forward order, its complement backward): the root is the worst kept. */
    private long[] heap = new long[64];
    private int size;
    private volatile boolean full;
    private volatile long worstKey;

    FirstEntriesBound(Direction direction, int limit) {
        this.forward = direction == Direction.FORWARD;
        this.limit = limit;
    }

    /** Whether an entry at this timestamp could still be among the first {@code limit}. */
    boolean couldAccept(long ts) {
        return !full || key(ts) <= worstKey;
    }

    /** Records a distinct entry that a stream kept. */
    synchronized void admitted(long ts) {
        long k = key(ts);
        if (size < limit) {
            if (size == heap.length) heap = Arrays.copyOf(heap, Math.min(limit, size * 2));
            int i = size++;
            while (i > 0 && heap[(i - 1) >>> 1] < k) {
                heap[i] = heap[(i - 1) >>> 1];
                i = (i - 1) >>> 1;
            }
            heap[i] = k;
            if (size == limit) {
                worstKey = heap[0];
                full = true;
            }
        } else if (k < heap[0]) {
            siftDownFromRoot(k);
            worstKey = heap[0];
        }
    }

    private void siftDownFromRoot(long k) {
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1] > heap[child]) child++;
            if (heap[child] <= k) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = k;
    }

    private long key(long ts) {
        return forward ? ts : ~ts;
    }
}

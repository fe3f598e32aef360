package dev.sigyn.querier.store;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.EntryVisitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of chunks whose time ranges overlap, copied as bytes, handed on sorted by timestamp; entries with
 * equal timestamps keep the order they were added in (chunk order), as the collecting path keeps them.
 */
final class OverlapBuffer {
    private long[] timestamps = new long[1024];
    private int[] starts = new int[1025];
    private final List<Labels> metadata = new ArrayList<>();
    private byte[] bytes = new byte[64 * 1024];
    private int count;

    void add(long ts, byte[] buf, int off, int len, Labels md) {
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
            starts = Arrays.copyOf(starts, count * 2 + 1);
        }
        int end = starts[count];
        if (end + len > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(end + len, bytes.length * 2));
        System.arraycopy(buf, off, bytes, end, len);
        timestamps[count] = ts;
        metadata.add(md);
        starts[++count] = end + len;
    }

    void emitSorted(EntryVisitor visitor) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(timestamps[a], timestamps[b])); // stable
        for (int i : order) visitor.visit(timestamps[i], bytes, starts[i], starts[i + 1] - starts[i], metadata.get(i));
    }
}

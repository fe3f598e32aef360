package dev.sigyn.querier.store;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.MemoryBudget;
import dev.sigyn.logql.source.LineSink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the first {@code limit} entries of one stream in a direction, whatever order they are offered in (chunks of
 * a stream may overlap in time), as line bytes, dropping exact repeats of (timestamp, line). What it keeps is
 * charged to a memory account (in steps of {@value #CHARGE_STEP_BYTES} bytes, released again as entries are evicted).
 */
final class StreamCollector {
    /** Bytes kept or let go between two charges to the account. */
    static final long CHARGE_STEP_BYTES = 64 * 1024;

    private record Kept(byte[] line, Labels metadata) {}

    private final boolean forward;
    private final int limit;
    private final MemoryBudget.Account account;
    private final TreeMap<Long, List<Kept>> byTimestamp = new TreeMap<>();
    private int count;
    /** Bytes kept (or, when negative, let go) since the last charge. */
    private long uncharged;

    StreamCollector(Direction direction, int limit) {
        this(direction, limit, MemoryBudget.unlimited().account());
    }

    /**
     * @param account where the kept entries are charged
     */
    StreamCollector(Direction direction, int limit, MemoryBudget.Account account) {
        this.forward = direction == Direction.FORWARD;
        this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
        this.account = account;
    }

    boolean isFull() { return count >= limit; }

    /** Whether an entry at this timestamp could still make it into the result. */
    boolean couldAccept(long ts) {
        if (count < limit) return true;
        return forward ? ts < byTimestamp.lastKey() : ts > byTimestamp.firstKey();
    }

    void offer(long ts, byte[] buf, int off, int len, Labels metadata) {
        if (!couldAccept(ts)) return;
        List<Kept> same = byTimestamp.get(ts);
        if (same == null) {
            same = new ArrayList<>(1);
            byTimestamp.put(ts, same);
        } else {
            for (Kept k : same) if (Arrays.equals(k.line(), 0, k.line().length, buf, off, off + len)) return;
        }
        same.add(new Kept(Arrays.copyOfRange(buf, off, off + len), metadata));
        held(MemoryBudget.entryBytes(len));
        if (++count > limit) evictWorst();
    }

    private void evictWorst() {
        Map.Entry<Long, List<Kept>> worst = forward ? byTimestamp.lastEntry() : byTimestamp.firstEntry();
        List<Kept> list = worst.getValue();
        Kept evicted = list.removeLast();
        if (list.isEmpty()) byTimestamp.remove(worst.getKey());
        count--;
        held(-MemoryBudget.entryBytes(evicted.line().length));
    }

    private void held(long bytes) {
        uncharged += bytes;
        if (uncharged >= CHARGE_STEP_BYTES || uncharged <= -CHARGE_STEP_BYTES) chargeHeld();
    }

    private void chargeHeld() {
        if (uncharged > 0) account.charge(uncharged);
        else if (uncharged < 0) account.release(-uncharged);
        uncharged = 0;
    }

    /** Hands the kept entries to {@code lines} in the collector's direction, and ends it. */
    void emit(LineSink lines) {
        chargeHeld();
        for (Map.Entry<Long, List<Kept>> e : (forward ? byTimestamp : byTimestamp.descendingMap()).entrySet()) {
            for (Kept k : e.getValue()) lines.accept(e.getKey(), k.line(), 0, k.line().length, k.metadata());
        }
        lines.end();
    }

    boolean isEmpty() {
        return count == 0;
    }
}

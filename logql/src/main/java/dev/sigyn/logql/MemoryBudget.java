package dev.sigyn.logql;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one query may hold in memory at once ({@code limits_config.max_query_memory_bytes}), for all its splits and
 * source reads together. Whatever keeps samples, series, entries or lines while the query runs charges an estimate of
 * them here ({@link #SAMPLE_BYTES}, {@link #seriesBytes}, {@link #entryBytes}) and releases it when it lets them go;
 * the rest goes with the query. Passing the limit fires the query's {@link Cancellation}, so every other part stops
 * too, and throws {@link LimitExceededException} (answered 400). Thread-safe.
 *
 * <p>The estimates are of the objects the JVM holds with compressed references: a {@code Sample} is a 32-byte
 * object plus its list slot and the list's spare room; a label set is its objects plus its text; an entry is its
 * record, its String and the line's bytes. They are meant to be right within a factor of two, not exact.
 */
public final class MemoryBudget {
    /** The key of the limit, named in the error. */
    public static final String LIMIT_KEY = "max_query_memory_bytes";
    /** One sample (timestamp and value) in a series: the object, its list slot and spare room. */
    public static final long SAMPLE_BYTES = 40;
    /** A series apart from its labels: its list, map entry and wrapper objects. */
    private static final long SERIES_OVERHEAD_BYTES = 96;
    /** One label apart from its text: the label object, two Strings and their arrays. */
    private static final long LABEL_OVERHEAD_BYTES = 64;
    /** One entry apart from its line: the record, the String and its array header, a list slot. */
    private static final long ENTRY_OVERHEAD_BYTES = 80;

    private static final MemoryBudget UNLIMITED = new MemoryBudget(0, Cancellation.never());

    private final long limitBytes;
    private final Cancellation cancellation;
    private final AtomicLong used = new AtomicLong();

    /**
     * @param limitBytes   the most the query may hold (0 or less: no limit, and nothing is counted)
     * @param cancellation the query's signal, fired when the limit is passed
     */
    public MemoryBudget(long limitBytes, Cancellation cancellation) {
        this.limitBytes = Math.max(0, limitBytes);
        this.cancellation = cancellation;
    }

    /** A budget without limit: charges cost nothing. */
    public static MemoryBudget unlimited() {
        return UNLIMITED;
    }

    public boolean isLimited() {
        return limitBytes > 0;
    }

    /** Counts {@code bytes} more held by the query; throws when that passes the limit (the bytes stay counted). */
    public void charge(long bytes) {
        if (limitBytes == 0) return;
        long now = used.addAndGet(bytes);
        if (now > limitBytes) {
            LimitExceededException e = new LimitExceededException("the query needs more memory than "
                    + LIMIT_KEY + " allows (" + limitBytes + " bytes): use a narrower selector, a shorter range"
                    + " or a larger step, or raise the limit");
            cancellation.cancel(e);
            throw e;
        }
    }

    /** Counts {@code bytes} the query no longer holds. */
    public void release(long bytes) {
        if (limitBytes == 0) return;
        used.addAndGet(-bytes);
    }

    /** Bytes currently counted. */
    public long used() {
        return used.get();
    }

    /** Charges that are released together when the returned account is closed: the working set of one step. */
    public Account account() {
        return new Account(this);
    }

    /** The estimated size of a label set held in a result or a sink (the labels' objects and text). */
    public static long labelsBytes(Labels labels) {
        long bytes = 32;
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            bytes += LABEL_OVERHEAD_BYTES + l.name().length() + l.value().length();
        }
        return bytes;
    }

    /** The estimated size of a series with these labels, without its samples. */
    public static long seriesBytes(Labels labels) {
        return SERIES_OVERHEAD_BYTES + labelsBytes(labels);
    }

    /** The estimated size of an entry (timestamp and line of {@code lineLength} characters or bytes) held in a list. */
    public static long entryBytes(int lineLength) {
        return ENTRY_OVERHEAD_BYTES + lineLength;
    }

    /**
     * A share of a budget whose charges are released together on {@link #close()}: what one split, scan or
     * evaluation holds only while it runs. Thread-safe, like the budget.
     */
    public static final class Account implements AutoCloseable {
        private final MemoryBudget budget;
        private final AtomicLong held = new AtomicLong();

        private Account(MemoryBudget budget) {
            this.budget = budget;
        }

        public void charge(long bytes) {
            if (budget.limitBytes == 0) return;
            held.addAndGet(bytes);
            budget.charge(bytes);
        }

        public void release(long bytes) {
            if (budget.limitBytes == 0) return;
            held.addAndGet(-bytes);
            budget.release(bytes);
        }

        /** Releases everything charged through this account and not yet released. */
        @Override
        public void close() {
            budget.release(held.getAndSet(0));
        }
    }
}

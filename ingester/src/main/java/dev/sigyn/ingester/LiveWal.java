package dev.sigyn.ingester;

import dev.sigyn.ingester.wal.WriteAheadLog;
import dev.sigyn.store.crypt.KeyEncryptionKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The WAL pushes append to now. A WAL that failed (typically: its disk is full) stays failed, and pushes are refused
 * with 503 saying why; at most once a second a push tries to open a new one, so pushes are taken again by themselves
 * as soon as the disk can be written, without a restart. The same holds when no WAL could be opened at start.
 */
final class LiveWal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveWal.class);
    static final long RETRY_MILLIS = 1000;

    private final Path dir;
    private final Optional<KeyEncryptionKey> sealWith;
    private final long segmentBytes;
    private final Timer fsyncTimer;
    private final Clock clock;
    private final ReentrantLock reopening = new ReentrantLock();
    /** Null until one could be opened. */
    private volatile WriteAheadLog current;
    /** Why the last attempt to open one failed (when {@link #current} is null or failed). */
    private volatile IOException openFailure;
    private volatile long nextAttemptMillis;
    private volatile boolean closed;
    /** Where the first WAL starts, until one could be opened. */
    private long firstSegment;
    private long firstSeq;

    /** {@code sealWith}: the key new WAL files are encrypted with, if any. */
    LiveWal(Path dir, Optional<KeyEncryptionKey> sealWith, long segmentBytes, Timer fsyncTimer, Clock clock,
            MeterRegistry metrics) {
        this.dir = dir;
        this.sealWith = sealWith;
        this.segmentBytes = segmentBytes;
        this.fsyncTimer = fsyncTimer;
        this.clock = clock;
        Gauge.builder("sigyn.ingester.wal.writable", () -> isWritable() ? 1 : 0)
                .description("1 while the WAL can be written; 0 while pushes are refused because it cannot (disk full)")
                .register(metrics);
    }

    /**
     * Opens the first WAL after replay. Failing to (a full disk) does not fail the start: queries are answered and
     * pushes refused until {@link #writable} manages to open it.
     */
    void open(long segment, long seq) {
        firstSegment = segment;
        firstSeq = seq;
        try {
            current = WriteAheadLog.open(dir, sealWith, segment, seq, segmentBytes, fsyncTimer);
        } catch (IOException e) {
            openFailure = e;
            nextAttemptMillis = clock.millis() + RETRY_MILLIS;
            log.error("the WAL cannot be written at start ({}); pushes are refused until it can", describe(e));
        }
    }

    /** The WAL to append to; throws the refusal pushes get while none can be written. */
    WriteAheadLog writable() throws PushUnavailableException {
        WriteAheadLog w = current;
        if (w != null && !w.hasFailed()) return w;
        if (closed) throw new PushUnavailableException("the ingester is shutting down");
        if (clock.millis() < nextAttemptMillis || !reopening.tryLock()) throw refusal(why());
        try {
            w = current;
            if (w != null && !w.hasFailed()) return w;
            nextAttemptMillis = clock.millis() + RETRY_MILLIS;
            try {
                WriteAheadLog fresh = w == null
                        ? WriteAheadLog.open(dir, sealWith, firstSegment, firstSeq, segmentBytes, fsyncTimer)
                        : w.reopen();
                current = fresh;
                openFailure = null;
                log.info("the WAL can be written again (segment {}); pushes are taken again", fresh.segmentNumber());
                return fresh;
            } catch (IOException e) {
                openFailure = e;
                throw refusal(e);
            }
        } finally {
            reopening.unlock();
        }
    }

    /** The WAL in use, failed or not; null when none could be opened yet. */
    WriteAheadLog current() {
        return current;
    }

    boolean isWritable() {
        WriteAheadLog w = current;
        return w != null && !w.hasFailed();
    }

    /** What a push hears when the WAL failed under it or cannot be written: 503, saying whether the disk is full. */
    PushUnavailableException refusal(IOException cause) {
        return new PushUnavailableException(describe(cause) + "; the push was not stored, retry later", cause);
    }

    private IOException why() {
        WriteAheadLog w = current;
        IOException failure = openFailure != null ? openFailure : w == null ? null : w.failure();
        return failure != null ? failure : new IOException("the WAL is not open");
    }

    private static String describe(IOException e) {
        return diskFull(e) ? "the write-ahead log's disk is full (" + rootMessage(e) + ")"
                : "the write-ahead log cannot be written (" + rootMessage(e) + ")";
    }

    /** ENOSPC and EDQUOT as the JDK reports them on Linux. */
    static boolean diskFull(Throwable t) {
        for (; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public void close() throws IOException {
        reopening.lock();
        try {
            closed = true;
            WriteAheadLog w = current;
            if (w != null) w.close();
        } finally {
            reopening.unlock();
        }
    }
}

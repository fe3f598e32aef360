package dev.sigyn.ingester.wal;

import dev.sigyn.store.bytes.ByteSink;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing side of the WAL: appends records to the current segment and makes them durable with group commit.
 * {@link #append} only copies the record into a buffer and returns a ticket; {@link #awaitDurable} returns once the
 * ticket's bytes are on disk. The first waiter becomes the leader: it writes everything buffered so far and calls
 * {@code force}, and every record that was buffered at that moment is covered by that single fsync.
 *
 * <p>After a write or fsync error the WAL refuses all further work: the kernel may have dropped the dirty pages, so
 * nothing written afterwards could be trusted to be durable.
 */
public final class WriteAheadLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);
    public static final long DEFAULT_SEGMENT_BYTES = 128L << 20;
    private static final int INITIAL_BUFFER = 64 << 10;
    private static final int MAX_IDLE_BUFFER = 8 << 20;
    /**
     * Per pushing thread: where a record is encoded before it is copied into {@link #pending}. It starts smaller than
     * most records of a push, so that it grows on a thread's first push, in the push warm-up too: a growth the JIT
     * never saw is compiled as a trap that discards the compiled encoder when a real push first needs it.
     */
    private static final ThreadLocal<ByteSink> ENCODE_BUFFER = ThreadLocal.withInitial(() -> new ByteSink(16 << 10));

    private final Path dir;
    private final long maxSegmentBytes;
    private final Timer fsyncTimer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncFinished = lock.newCondition();
    private final Object checkpointMutex = new Object();

    // All guarded by lock.
    private FileChannel segment;
    private long segmentNumber;
    private long segmentSize;          // bytes in the segment file plus the buffered ones
    private byte[] pending = new byte[INITIAL_BUFFER];
    private int pendingLen;
    private byte[] spare = new byte[INITIAL_BUFFER];
    private long appended;             // logical bytes ever appended: tickets are positions in this sequence
    private long durable;              // logical bytes known to be on disk
    private long checkpointed;         // logical bytes covered by the last checkpoint
    private boolean syncing;
    private IOException failure;

    private WriteAheadLog(Path dir, long maxSegmentBytes, Timer fsyncTimer) {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
        this.fsyncTimer = fsyncTimer;
    }

    /** Starts writing at a new segment {@code firstSegment} (as {@link ReplayResult#nextSegment()} says). */
    public static WriteAheadLog open(Path dir, long firstSegment, long maxSegmentBytes, Timer fsyncTimer) throws IOException {
        Files.createDirectories(dir);
        WriteAheadLog wal = new WriteAheadLog(dir, maxSegmentBytes, fsyncTimer);
        wal.openSegment(firstSegment);
        return wal;
    }

    /** Buffers a record; returns the ticket to pass to {@link #awaitDurable}. */
    public long append(EntriesRecord record) throws IOException {
        // Encoded by the calling thread (under its stream's lock, not the WAL's) into a buffer it reuses, then
        // copied once into the group-commit buffer.
        ByteSink frame = ENCODE_BUFFER.get();
        try {
            WalCodec.encodeEntries(record, frame);
            return appendFrame(frame.array(), frame.size());
        } finally {
            if (frame.capacity() > MAX_IDLE_BUFFER) ENCODE_BUFFER.remove();
        }
    }

    private long appendFrame(byte[] frame, int length) throws IOException {
        lock.lock();
        try {
            ensureUsable();
            if (segmentFull(length)) {
                waitForSyncLocked();
                ensureUsable();
                if (segmentFull(length)) rotateLocked();
            }
            if (pendingLen + length > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + length));
            }
            System.arraycopy(frame, 0, pending, pendingLen, length);
            pendingLen += length;
            segmentSize += length;
            appended += length;
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until every record up to the ticket is fsynced. */
    public void awaitDurable(long ticket) throws IOException {
        lock.lock();
        try {
            while (durable < ticket) {
                ensureUsable();
                if (syncing) {
                    syncFinished.awaitUninterruptibly();
                    continue;
                }
                syncAsLeaderLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether records were written since the last checkpoint. */
    public boolean hasUncheckpointedRecords() {
        lock.lock();
        try {
            return appended > checkpointed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a checkpoint and deletes the segments it covers. The WAL first switches to a new segment n; the source
     * then snapshots the streams, which therefore hold everything in segments below n (and maybe some records of n
     * and later, which replay skips by seq). The checkpoint is written to a temp file, fsynced and renamed to
     * {@code checkpoint-n}; only then are older segments and checkpoints deleted.
     */
    public void checkpoint(SnapshotSource source) throws IOException {
        synchronized (checkpointMutex) {
            long number;
            long covered;
            lock.lock();
            try {
                ensureUsable();
                waitForSyncLocked();
                ensureUsable();
                if (segmentSize > WalCodec.SEGMENT_MAGIC.length || pendingLen > 0) rotateLocked();
                number = segmentNumber;
                covered = appended;
            } finally {
                lock.unlock();
            }
            Path target = WalFiles.checkpoint(dir, number);
            Path tmp = target.resolveSibling(target.getFileName() + WalFiles.TEMP_SUFFIX);
            long streams = writeCheckpoint(tmp, source);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            WalFiles.syncDirectory(dir);
            int deleted = 0;
            for (Path p : WalFiles.segments(dir).headMap(number).values()) deleted += Files.deleteIfExists(p) ? 1 : 0;
            for (Path p : WalFiles.checkpoints(dir).headMap(number).values()) Files.deleteIfExists(p);
            WalFiles.syncDirectory(dir);
            lock.lock();
            try {
                checkpointed = Math.max(checkpointed, covered);
            } finally {
                lock.unlock();
            }
            log.debug("WAL checkpoint {} written with {} streams; deleted {} segments", target.getFileName(), streams, deleted);
        }
    }

    private long writeCheckpoint(Path tmp, SnapshotSource source) throws IOException {
        long[] streams = {0};
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
            out.write(WalCodec.CHECKPOINT_MAGIC);
            try {
                source.forEach(snapshot -> {
                    try {
                        out.write(WalCodec.encodeStream(snapshot));
                        streams[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.write(WalCodec.encodeCheckpointEnd(streams[0]));
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return streams[0];
    }

    /** Writes out and fsyncs what is buffered, then refuses further appends. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (segment == null) return;
            waitForSyncLocked();
            try {
                if (failure == null) writeAndSyncLocked();
            } finally {
                segment.close();
                segment = null;
                if (failure == null) failure = new IOException("the WAL is closed");
                syncFinished.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- internals (lock held) -------------------------------------------------------------------------------

    private boolean segmentFull(int frameLength) {
        return segmentSize + frameLength > maxSegmentBytes && segmentSize > WalCodec.SEGMENT_MAGIC.length;
    }

    /** Writes the buffer and fsyncs with the lock released, so appenders keep filling the other buffer meanwhile. */
    private void syncAsLeaderLocked() {
        syncing = true;
        byte[] buf = pending;
        int len = pendingLen;
        pending = spare;
        pendingLen = 0;
        long target = appended;
        FileChannel ch = segment;
        lock.unlock();
        IOException error = null;
        try {
            writeFully(ch, buf, len);
            timedForce(ch);
        } catch (IOException e) {
            error = e;
        } finally {
            lock.lock();
        }
        // A huge push grows a buffer; do not keep that memory for good.
        spare = buf.length > MAX_IDLE_BUFFER ? new byte[INITIAL_BUFFER] : buf;
        syncing = false;
        if (error != null) {
            fail(error);
        } else {
            durable = Math.max(durable, target);
        }
        syncFinished.signalAll();
    }

    private void waitForSyncLocked() {
        while (syncing) syncFinished.awaitUninterruptibly();
    }

    /** Writes the buffer to the current segment and fsyncs it; caller made sure no leader is syncing. */
    private void writeAndSyncLocked() throws IOException {
        try {
            writeFully(segment, pending, pendingLen);
            pendingLen = 0;
            timedForce(segment);
            durable = appended;
        } catch (IOException e) {
            fail(e);
            throw e;
        }
    }

    private void rotateLocked() throws IOException {
        writeAndSyncLocked();
        segment.close();
        openSegment(segmentNumber + 1);
        syncFinished.signalAll();
    }

    private void openSegment(long number) throws IOException {
        Path file = WalFiles.segment(dir, number);
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeFully(ch, WalCodec.SEGMENT_MAGIC, WalCodec.SEGMENT_MAGIC.length);
            ch.force(true);
            WalFiles.syncDirectory(dir);
            segment = ch;
            segmentNumber = number;
            segmentSize = WalCodec.SEGMENT_MAGIC.length;
        } catch (IOException e) {
            fail(e);
            throw e;
        }
    }

    private void timedForce(FileChannel ch) throws IOException {
        long start = System.nanoTime();
        ch.force(false);
        fsyncTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private static void writeFully(FileChannel ch, byte[] buf, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        while (bb.hasRemaining()) ch.write(bb);
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
            log.error("WAL write failed; refusing further pushes until restart", e);
        }
    }

    private void ensureUsable() throws IOException {
        if (failure != null) throw new IOException("the WAL cannot be written: " + failure.getMessage(), failure);
    }
}

package dev.sigyn.ingester.wal;

import dev.sigyn.store.bytes.ByteSink;
import dev.sigyn.store.crypt.KeyEncryptionKey;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * The writing side of the WAL: appends push records to the current segment and makes them durable with group commit.
 * {@link #append} copies the record into a buffer and returns a ticket; {@link #awaitDurable} returns once the
 * ticket's bytes are on disk. The first waiter becomes the leader: it writes everything buffered so far and calls
 * {@code force}, and every record that was buffered at that moment is covered by that single fsync.
 *
 * <p>After a write or fsync error the WAL fails for good: the kernel may have dropped the dirty pages, so nothing
 * written afterwards could be trusted to be durable. Every ticket not yet durable fails with it, and the segment is
 * cut back to what was durable, so that no record of a refused push is ever replayed. The owner then opens a new WAL
 * (a new segment) once the disk can be written again ({@link #open}, {@link #releaseAfterFailure}).
 *
 * <p>With a sealing key every segment and checkpoint is encrypted ({@link WalFileKey}): each gets a fresh data key, and
 * each frame is encrypted under the lock once its seq is in it, so that the seq is authenticated with the record.
 */
public final class WriteAheadLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);
    public static final long DEFAULT_SEGMENT_BYTES = 128L << 20;
    private static final int INITIAL_BUFFER = 64 << 10;
    private static final int MAX_IDLE_BUFFER = 8 << 20;
    /** Per pushing thread, reused across pushes: where a record is encoded before it is copied into {@link #pending}. */
    private static final ThreadLocal<Encoder> ENCODER = ThreadLocal.withInitial(Encoder::new);

    private final Path dir;
    /** Encrypts new segments and checkpoints; null: they are written plain. */
    private final KeyEncryptionKey sealWith;
    private final long maxSegmentBytes;
    private final Timer fsyncTimer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncFinished = lock.newCondition();
    private final Object checkpointMutex = new Object();

    // All guarded by lock, except where noted.
    private FileChannel segment;
    private Path segmentPath;
    private long segmentNumber;
    private WalFileKey segmentKey;     // null while the segment is plain
    private int segmentHeaderSize;
    private long segmentSize;          // bytes in the segment file plus the buffered ones
    private long segmentDurableSize;   // bytes of the segment file known to be on disk (0: not even its header)
    private byte[] pending = new byte[INITIAL_BUFFER];
    private int pendingLen;
    private byte[] spare = new byte[INITIAL_BUFFER];
    private long nextSeq;
    private long appended;             // logical bytes ever appended: tickets are positions in this sequence
    private volatile long durable;     // logical bytes known to be on disk; read without the lock by isDurable
    private long checkpointed;         // logical bytes covered by the last checkpoint
    private boolean syncing;
    private volatile IOException failure;
    /** After a failure: the segment still has to be cut back to its durable size (or deleted). */
    private boolean cleanupPending;
    /** After a failure: the segment was deleted (not even its header was durable), so its number is free again. */
    private boolean segmentDeleted;

    private WriteAheadLog(Path dir, KeyEncryptionKey sealWith, long firstSeq, long maxSegmentBytes, Timer fsyncTimer) {
        this.dir = dir;
        this.sealWith = sealWith;
        this.nextSeq = firstSeq;
        this.maxSegmentBytes = maxSegmentBytes;
        this.fsyncTimer = fsyncTimer;
    }

    /**
     * Starts writing at a new segment {@code firstSegment} (as {@link ReplayResult#nextSegment()} says), giving
     * records seqs from {@code firstSeq} on (above {@link ReplayResult#maxSeq()}).
     */
    public static WriteAheadLog open(Path dir, long firstSegment, long firstSeq, long maxSegmentBytes, Timer fsyncTimer)
            throws IOException {
        return open(dir, Optional.empty(), firstSegment, firstSeq, maxSegmentBytes, fsyncTimer);
    }

    /** As {@link #open(Path, long, long, long, Timer)}, encrypting what it writes with {@code sealWith} when present. */
    public static WriteAheadLog open(Path dir, Optional<KeyEncryptionKey> sealWith, long firstSegment, long firstSeq,
                                     long maxSegmentBytes, Timer fsyncTimer) throws IOException {
        Files.createDirectories(dir);
        WriteAheadLog wal = new WriteAheadLog(dir, sealWith.orElse(null), firstSeq, maxSegmentBytes, fsyncTimer);
        wal.lock.lock();
        try {
            wal.openSegment(firstSegment);
        } catch (IOException e) {
            wal.releaseAfterFailure();
            throw e;
        } finally {
            wal.lock.unlock();
        }
        return wal;
    }

    /** Called under the WAL's lock once a record has its seq, in the order records enter the log. */
    @FunctionalInterface
    public interface AppendListener {
        void appended(long seq, long ticket);
    }

    /**
     * Buffers one push record (without a seq: the WAL gives it the next one) and returns the ticket to pass to
     * {@link #awaitDurable}. {@code listener} learns the seq and ticket while the lock is held, so that whatever it
     * records per stream is in the same order as the log.
     */
    public long append(String tenant, java.util.List<StreamEntries> parts, AppendListener listener) throws IOException {
        // Encoded and checksummed by the calling thread, outside the lock, into a buffer it reuses; under the lock only
        // the seq is added and the frame copied into the group-commit buffer.
        Encoder enc = ENCODER.get();
        try {
            WalCodec.encodePushWithoutSeq(tenant, parts, enc.frame, enc.crc);
            return appendFrame(enc, listener);
        } finally {
            if (enc.frame.capacity() > MAX_IDLE_BUFFER) ENCODER.remove();
        }
    }

    private long appendFrame(Encoder enc, AppendListener listener) throws IOException {
        int plainLength = enc.frame.size();
        int length = sealWith == null ? plainLength : plainLength + WalFileKey.OVERHEAD;
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
            long seq = nextSeq;
            if (segmentKey == null) {
                System.arraycopy(enc.frame.array(), 0, pending, pendingLen, plainLength);
                WalCodec.sealPush(pending, pendingLen, plainLength, seq, enc.crc);
            } else {
                WalCodec.putSeq(enc.frame.array(), 0, plainLength, seq);
                segmentKey.sealFrame(enc.frame.array(), WalCodec.FRAME_HEADER, plainLength - WalCodec.FRAME_HEADER,
                        pending, pendingLen);
            }
            nextSeq++;
            pendingLen += length;
            segmentSize += length;
            appended += length;
            listener.appended(seq, appended);
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until every record up to the ticket is fsynced; throws when the WAL failed before that. */
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

    /** Whether the ticket's record is on disk (without waiting or taking the lock). */
    public boolean isDurable(long ticket) {
        return durable >= ticket;
    }

    /** Whether the WAL failed; records not durable by then never will be. */
    public boolean hasFailed() {
        return failure != null;
    }

    /** What made the WAL fail, or null. */
    public IOException failure() {
        return failure;
    }

    /** The seq the next record gets; after a failure, where a new WAL continues. */
    public long nextSeq() {
        lock.lock();
        try {
            return nextSeq;
        } finally {
            lock.unlock();
        }
    }

    /** The number of the segment being written (or that was, when the WAL failed). */
    public long segmentNumber() {
        lock.lock();
        try {
            return segmentNumber;
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
                if (segmentSize > segmentHeaderSize || pendingLen > 0) rotateLocked();
                number = segmentNumber;
                covered = appended;
            } finally {
                lock.unlock();
            }
            Path target = WalFiles.checkpoint(dir, number);
            Path tmp = target.resolveSibling(target.getFileName() + WalFiles.TEMP_SUFFIX);
            long streams = writeCheckpoint(tmp, number, source);
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

    private long writeCheckpoint(Path tmp, long number, SnapshotSource source) throws IOException {
        long[] streams = {0};
        WalFileKey key = sealWith == null ? null
                : WalFileKey.create(sealWith, WalCodec.SEALED_CHECKPOINT_MAGIC, number);
        UnaryOperator<byte[]> seal = key == null ? frame -> frame : key::sealFrame;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
            out.write(key == null ? WalCodec.CHECKPOINT_MAGIC : key.header());
            try {
                source.forEach(snapshot -> {
                    try {
                        out.write(seal.apply(WalCodec.encodeStream(snapshot)));
                        streams[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.write(seal.apply(WalCodec.encodeCheckpointEnd(streams[0])));
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return streams[0];
    }

    /**
     * After a failure: cuts the segment back to the size that was durable (or deletes it when not even its header
     * was), so that nothing of a refused push can be replayed and a later segment never follows a torn one. Returns
     * true once that is done; false (after logging) when the disk refused it too, to be tried again.
     */
    public boolean releaseAfterFailure() {
        lock.lock();
        try {
            if (!cleanupPending) return true;
            closeQuietly(segment);
            segment = null;
            try {
                if (segmentDurableSize == 0) {
                    Files.deleteIfExists(segmentPath);
                    segmentDeleted = true;
                } else if (Files.exists(segmentPath)) {
                    try (FileChannel ch = FileChannel.open(segmentPath, StandardOpenOption.WRITE)) {
                        if (ch.size() > segmentDurableSize) ch.truncate(segmentDurableSize);
                        ch.force(true);
                    }
                }
                WalFiles.syncDirectory(dir);
                cleanupPending = false;
                return true;
            } catch (IOException | RuntimeException e) {
                log.warn("could not cut WAL segment {} back to its durable size {} yet: {}", segmentPath,
                        segmentDurableSize, e.toString());
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a failure: a new WAL that continues where this one stopped, in the next segment and with the next seq.
     * Throws while the disk still refuses (the failed segment cannot be cut back, or the new one not written).
     */
    public WriteAheadLog reopen() throws IOException {
        long next;
        long seq;
        lock.lock();
        try {
            if (failure == null) throw new IllegalStateException("the WAL has not failed");
            if (!releaseAfterFailure()) {
                throw new IOException("segment " + segmentPath.getFileName() + " cannot be cut back yet: "
                        + failure.getMessage(), failure);
            }
            next = segmentDeleted ? segmentNumber : segmentNumber + 1;
            seq = nextSeq;
        } finally {
            lock.unlock();
        }
        return open(dir, Optional.ofNullable(sealWith), next, seq, maxSegmentBytes, fsyncTimer);
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
                closeQuietly(segment);
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
        return segmentSize + frameLength > maxSegmentBytes && segmentSize > segmentHeaderSize;
    }

    /**
     * Writes the buffer and fsyncs with the lock released, so appenders keep filling the other buffer meanwhile. Any
     * Throwable (an OutOfMemoryError too) fails the WAL and ends the sync, so waiters never hang on it.
     */
    private void syncAsLeaderLocked() {
        syncing = true;
        byte[] buf = pending;
        int len = pendingLen;
        pending = spare;
        pendingLen = 0;
        long target = appended;
        FileChannel ch = segment;
        lock.unlock();
        Throwable error = null;
        try {
            writeFully(ch, buf, len);
            timedForce(ch);
        } catch (Throwable t) {
            error = t;
        } finally {
            lock.lock();
            // A huge push grows a buffer; do not keep that memory for good.
            spare = buf.length > MAX_IDLE_BUFFER ? new byte[INITIAL_BUFFER] : buf;
            syncing = false;
            if (error == null) {
                segmentDurableSize += len;
                durable = Math.max(durable, target);
            } else {
                fail(error instanceof IOException io ? io : new IOException("WAL write failed: " + error, error));
            }
            syncFinished.signalAll();
        }
        if (error instanceof Error e) throw e;
    }

    private void waitForSyncLocked() {
        while (syncing) syncFinished.awaitUninterruptibly();
    }

    /** Writes the buffer to the current segment and fsyncs it; caller made sure no leader is syncing. */
    private void writeAndSyncLocked() throws IOException {
        try {
            writeFully(segment, pending, pendingLen);
            int written = pendingLen;
            pendingLen = 0;
            timedForce(segment);
            segmentDurableSize += written;
            durable = appended;
        } catch (IOException e) {
            fail(e);
            throw e;
        } catch (RuntimeException | Error e) {
            fail(new IOException("WAL write failed: " + e, e));
            throw e;
        }
    }

    private void rotateLocked() throws IOException {
        writeAndSyncLocked();
        closeQuietly(segment);
        segment = null;
        openSegment(segmentNumber + 1);
        syncFinished.signalAll();
    }

    private void openSegment(long number) throws IOException {
        Path file = WalFiles.segment(dir, number);
        segmentPath = file;
        segmentNumber = number;
        segmentDurableSize = 0;
        segmentKey = sealWith == null ? null : WalFileKey.create(sealWith, WalCodec.SEALED_SEGMENT_MAGIC, number);
        byte[] header = segmentKey == null ? WalCodec.SEGMENT_MAGIC : segmentKey.header();
        segmentHeaderSize = header.length;
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            segment = ch;
            writeFully(ch, header, header.length);
            ch.force(true);
            WalFiles.syncDirectory(dir);
            segmentDurableSize = header.length;
            segmentSize = header.length;
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

    /** The first failure wins; what was buffered is dropped and the segment is cut back (see releaseAfterFailure). */
    private void fail(IOException e) {
        if (failure != null) return;
        failure = e;
        pendingLen = 0;
        cleanupPending = true;
        log.error("WAL write failed; pushes are refused until a new WAL segment can be written", e);
        if (!syncing) releaseAfterFailure(); // a leader still writing the old buffer owns the channel until it is back
    }

    private void ensureUsable() throws IOException {
        IOException f = failure;
        if (f != null) throw new IOException("the WAL cannot be written: " + f.getMessage(), f);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a channel whose writes failed: nothing more to lose
        }
    }

    /** A thread's reusable encoding state: the frame buffer and the checksum of the frame before its seq. */
    private static final class Encoder {
        final ByteSink frame = new ByteSink(INITIAL_BUFFER);
        final CRC32C crc = new CRC32C();
    }
}

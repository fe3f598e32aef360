package dev.sigyn.ruler.remotewrite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's samples waiting for the receiver (Loki's "ruler WAL"): numbered segment files of
 * {@link SeriesRecord}s, and a {@code read-offset} file saying how far the receiver has taken them. {@link #append}
 * returns once the samples are fsynced; {@link #commit} persists the new offset (write, fsync, atomic rename) and
 * only then deletes the segments wholly before it. A crash thus loses nothing appended, and may at worst send the
 * last batch twice, which Prometheus accepts (the same sample again is not an error).
 *
 * <p>Threads: any number of appenders and one reader (the tenant's sender); all state is guarded by one lock.
 */
final class SegmentQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SegmentQueue.class);
    private static final String SUFFIX = ".seg";
    private static final String OFFSET_FILE = "read-offset";

    /** A place in the queue: a byte offset in a segment. */
    record Position(long segment, long offset) {
    }

    /** Samples read from the queue, and where the queue stands once the receiver has them. */
    record Batch(List<RecordedSeries> samples, Position end) {
        boolean isEmpty() {
            return samples.isEmpty();
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final TreeSet<Long> segments = new TreeSet<>();
    private FileChannel writer;
    private long writeSegment;
    /** Bytes of the write segment that are fsynced; readers stop there. */
    private long writeEnd;
    private Position committed;
    private volatile long pending;
    /** Set by a failed write or fsync: what follows it on disk is unknown, so the queue takes no more. */
    private IOException failure;
    private boolean closed;

    private SegmentQueue(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens the queue in {@code dir}, cutting a record torn by a crash off the last segment. */
    static SegmentQueue open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        SegmentQueue q = new SegmentQueue(dir, segmentBytes);
        q.recover();
        return q;
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\" + SUFFIX))
                    .forEach(n -> segments.add(Long.parseLong(n.substring(0, 20))));
        }
        Position saved = readOffset();
        if (segments.isEmpty()) segments.add(saved == null ? 1 : saved.segment());
        writeSegment = segments.last();
        writer = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        writeEnd = scan(writeSegment, 0, Long.MAX_VALUE, Integer.MAX_VALUE, null).end().offset();
        if (writer.size() > writeEnd) {
            log.warn("remote-write queue {}: cutting {} bytes of a torn record off segment {}", dir,
                    writer.size() - writeEnd, writeSegment);
            writer.truncate(writeEnd);
        }
        writer.position(writeEnd);
        writer.force(true);
        syncDirectory();

        if (saved == null || !segments.contains(saved.segment())) {
            committed = new Position(segments.first(), 0);
        } else {
            committed = saved;
        }
        long count = 0;
        for (long s : segments.tailSet(committed.segment(), true)) {
            long from = s == committed.segment() ? committed.offset() : 0;
            count += scan(s, from, s == writeSegment ? writeEnd : Long.MAX_VALUE, Integer.MAX_VALUE, null).records();
        }
        pending = count;
    }

    /** Appends samples and returns once they are on disk. */
    void append(List<RecordedSeries> samples) throws IOException {
        if (samples.isEmpty()) return;
        List<byte[]> records = new ArrayList<>(samples.size());
        int bytes = 0;
        for (RecordedSeries s : samples) {
            byte[] r = SeriesRecord.encode(s);
            records.add(r);
            bytes += r.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        for (byte[] r : records) buf.put(r);
        buf.flip();
        lock.lock();
        try {
            if (closed) throw new IOException("remote-write queue " + dir + " is closed");
            if (failure != null) throw new IOException("remote-write queue " + dir + " failed earlier", failure);
            try {
                if (writeEnd >= segmentBytes) startSegment();
                while (buf.hasRemaining()) writer.write(buf);
                writer.force(false);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            writeEnd += bytes;
            pending += samples.size();
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void startSegment() throws IOException {
        writer.close();
        writeSegment++;
        writer = FileChannel.open(segmentPath(writeSegment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        segments.add(writeSegment);
        writeEnd = 0;
        syncDirectory();
    }

    /**
     * Up to {@code max} of the oldest samples not yet committed; empty when there are none. A batch never spans two
     * segments.
     */
    Batch read(int max) throws IOException {
        lock.lock();
        try {
            while (true) {
                long s = committed.segment();
                boolean last = s == writeSegment;
                List<RecordedSeries> out = new ArrayList<>();
                Position end = scan(s, committed.offset(), last ? writeEnd : Long.MAX_VALUE, max, out).end();
                if (!out.isEmpty() || last) return new Batch(out, end);
                long size = Files.size(segmentPath(s));
                if (end.offset() < size) {
                    log.error("remote-write queue {}: segment {} is damaged at byte {}; skipping its last {} bytes",
                            dir, s, end.offset(), size - end.offset());
                }
                // a finished segment read to its end: move on, which deletes it
                commit(new Batch(List.of(), new Position(segments.higher(s), 0)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records that the receiver has the batch: persists its end as the read offset, deletes passed segments. */
    void commit(Batch batch) throws IOException {
        lock.lock();
        try {
            writeOffset(batch.end());
            committed = batch.end();
            pending -= batch.samples().size();
            for (Long s = segments.first(); s < committed.segment(); s = segments.first()) {
                Files.deleteIfExists(segmentPath(s));
                segments.remove(s);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something may have been appended, the timeout passes, or the queue is closed. */
    void awaitAppend(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            if (!closed && committed.segment() == writeSegment && committed.offset() == writeEnd) {
                appended.await(timeout, unit);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Samples appended and not yet committed. */
    long pending() {
        return pending;
    }

    /** The segment files on disk now; for tests and operators. */
    List<Path> segmentFiles() {
        lock.lock();
        try {
            return segments.stream().map(this::segmentPath).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            appended.signalAll();
            writer.close();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads records of a segment from {@code from}, stopping at {@code limit} bytes, after {@code max} records, or at
     * the first record that is torn or damaged; adds them to {@code into} when given.
     */
    private Scan scan(long segment, long from, long limit, int max, List<RecordedSeries> into) throws IOException {
        long pos = from;
        int n = 0;
        try (FileChannel ch = FileChannel.open(segmentPath(segment), StandardOpenOption.READ)) {
            long end = Math.min(limit, ch.size());
            ByteBuffer header = ByteBuffer.allocate(SeriesRecord.HEADER_BYTES);
            while (n < max && pos + SeriesRecord.HEADER_BYTES <= end) {
                header.clear();
                readFully(ch, header, pos);
                int len = SeriesRecord.payloadLength(header);
                if (len < 0 || pos + SeriesRecord.HEADER_BYTES + len > end) break;
                ByteBuffer payload = ByteBuffer.allocate(len);
                readFully(ch, payload, pos + SeriesRecord.HEADER_BYTES);
                if (!SeriesRecord.checksumMatches(header, payload.array())) break;
                if (into != null) into.add(SeriesRecord.decode(payload.array()));
                pos += SeriesRecord.HEADER_BYTES + len;
                n++;
            }
        } catch (NoSuchFileException e) {
            return new Scan(new Position(segment, from), 0);
        }
        return new Scan(new Position(segment, pos), n);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) throw new IOException("unexpected end of segment");
        }
    }

    private Position readOffset() throws IOException {
        Path f = dir.resolve(OFFSET_FILE);
        if (!Files.exists(f)) return null;
        String[] parts = Files.readString(f, StandardCharsets.US_ASCII).strip().split(" ");
        return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    private void writeOffset(Position p) throws IOException {
        Path tmp = dir.resolve(OFFSET_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((p.segment() + " " + p.offset() + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(OFFSET_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private Path segmentPath(long segment) {
        return dir.resolve(String.format("%020d%s", segment, SUFFIX));
    }

    /** Where a scan stopped and how many records it passed. */
    private record Scan(Position end, int records) {
    }
}

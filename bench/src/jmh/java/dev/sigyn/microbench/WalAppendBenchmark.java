package dev.sigyn.microbench;

import dev.sigyn.bench.Dataset;
import dev.sigyn.ingester.wal.EntriesRecord;
import dev.sigyn.ingester.wal.StreamEntries;
import dev.sigyn.ingester.wal.WriteAheadLog;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.store.crypt.AesGcm;
import dev.sigyn.store.crypt.KeyEncryptionKey;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Appending push records (one stream's entries of one push) to the WAL in a temporary directory: with an fsync
 * after every record (a lone pusher), and with one fsync per {@code recordsPerSync} records (group commit under
 * concurrent pushes), plain or encrypted ({@code storage_encryption.wal}). Each iteration starts a new WAL and
 * deletes it afterwards, so disk use stays bounded.
 */
@State(Scope.Thread)
public class WalAppendBenchmark extends MicroBenchmark {

    /** Entries per record: a small push and a ~1 MiB batch's share of one stream. */
    @Param({"10", "1000"})
    public int entriesPerRecord;

    @Param({"1", "32"})
    public int recordsPerSync;

    /** Whether the WAL encrypts its records (a fresh key per run). */
    @Param({"false", "true"})
    public boolean encrypted;

    private EntriesRecord[] records;
    private long recordBytes;
    private Path dir;
    private WriteAheadLog wal;
    private int next;

    @Setup
    public void prepare() {
        Dataset.Stream stream = BenchData.acme().get(0); // nginx
        Labels labels = Labels.fromMap(stream.labels());
        List<EntriesRecord> out = new ArrayList<>();
        for (int from = 0; from + entriesPerRecord <= stream.size() && out.size() < 64; from += entriesPerRecord) {
            List<ChunkEntry> entries = new ArrayList<>(entriesPerRecord);
            for (int i = from; i < from + entriesPerRecord; i++) {
                entries.add(new ChunkEntry(stream.timestamps()[i], stream.lines()[i], Labels.EMPTY));
                recordBytes += stream.lines()[i].length;
            }
            out.add(new EntriesRecord(0, "acme", labels, entries));
        }
        recordBytes /= out.size();
        records = out.toArray(new EntriesRecord[0]);
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("sigyn-microbench-wal");
        Optional<KeyEncryptionKey> key = encrypted
                ? Optional.of(KeyEncryptionKey.of(AesGcm.randomBytes(AesGcm.KEY_LENGTH), "benchmark"))
                : Optional.empty();
        wal = WriteAheadLog.open(dir, key, 1, 1, WriteAheadLog.DEFAULT_SEGMENT_BYTES,
                Timer.builder("fsync").register(new SimpleMeterRegistry()));
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        wal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** One operation = {@code recordsPerSync} appends and one wait for their fsync. */
    @Benchmark
    public long appendAndSync(LineBytes counter) throws IOException {
        long ticket = 0;
        for (int i = 0; i < recordsPerSync; i++) {
            EntriesRecord r = records[next++ % records.length];
            ticket = wal.append(r.tenant(), List.of(new StreamEntries(r.labels(), r.entries())), (seq, t) -> { });
        }
        wal.awaitDurable(ticket);
        counter.bytes += recordBytes * recordsPerSync;
        return ticket;
    }
}

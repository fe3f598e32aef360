package dev.sigyn.microbench;

import dev.sigyn.bench.Dataset;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.Chunk;
import dev.sigyn.store.chunk.ChunkEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoding entries into a chunk object (blocks of ~256 KiB, snappy) and decoding it back with a full scan, for one
 * stream of each line format. One operation is one whole chunk; {@code bytes} is log text per second.
 */
@State(Scope.Benchmark)
public class ChunkCodecBenchmark extends MicroBenchmark {
    private static final int BLOCK_BYTES = 256 << 10;

    /** The stream: nginx access log, JSON, logfmt. */
    @Param({"nginx", "api", "worker"})
    public String job;

    private List<ChunkEntry> entries;
    private long lineBytes;
    private byte[] encoded;

    @Setup
    public void setUp() throws Exception {
        Dataset.Stream stream = BenchData.acme().stream().filter(s -> s.labels().get("job").equals(job)).findFirst().orElseThrow();
        entries = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) entries.add(new ChunkEntry(stream.timestamps()[i], stream.lines()[i], Labels.EMPTY));
        lineBytes = stream.lineBytes();
        encoded = encode(entries);
        Chunk.decode(encoded); // fail here, not in the measurement, if the codec rejects its own output
    }

    @Benchmark
    public byte[] encode(LineBytes counter) {
        counter.bytes += lineBytes;
        return encode(entries);
    }

    @Benchmark
    public void decodeAndScan(LineBytes counter, Blackhole bh) throws Exception {
        Chunk chunk = Chunk.decode(encoded);
        chunk.scan(Long.MIN_VALUE, Long.MAX_VALUE, (ts, buf, off, len, md) -> bh.consume(len));
        counter.bytes += lineBytes;
    }

    private static byte[] encode(List<ChunkEntry> entries) {
        List<Block> blocks = new ArrayList<>();
        int from = 0;
        long size = 0;
        for (int i = 0; i < entries.size(); i++) {
            size += entries.get(i).line().length;
            if (size >= BLOCK_BYTES || i == entries.size() - 1) {
                blocks.add(Block.encode(entries.subList(from, i + 1)));
                from = i + 1;
                size = 0;
            }
        }
        return new Chunk(blocks).encode();
    }
}

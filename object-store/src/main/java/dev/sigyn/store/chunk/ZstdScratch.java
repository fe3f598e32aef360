package dev.sigyn.store.chunk;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * zstd contexts and byte buffers lent to one block encoding or decoding at a time. A fresh zstd context allocates and
 * zeroes its match tables on every call, and a fresh output array is zeroed by the JVM: on the push path that was
 * a third of the time spent compressing a block. A small pool (not thread-locals: the ingester runs on many worker
 * threads, and every context holds native memory) keeps as many as are in use at once, up to {@link #POOLED}.
 */
final class ZstdScratch {
    private static final int POOLED = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** Buffers beyond this are dropped after use instead of pooled (a rare huge block must not pin its memory). */
    private static final int MAX_KEPT_BYTES = 4 << 20;
    private static final ArrayBlockingQueue<ZstdScratch> POOL = new ArrayBlockingQueue<>(POOLED);

    private ZstdCompressCtx compressor;
    private int compressorLevel;
    private ZstdDecompressCtx decompressor;
    private byte[] raw = new byte[0];
    private byte[] out = new byte[0];

    private ZstdScratch() {}

    static ZstdScratch borrow() {
        ZstdScratch s = POOL.poll();
        return s != null ? s : new ZstdScratch();
    }

    /** Hands this back; nothing borrowed from it may be used afterwards. */
    void release() {
        if (raw.length > MAX_KEPT_BYTES) raw = new byte[0];
        if (out.length > MAX_KEPT_BYTES) out = new byte[0];
        if (!POOL.offer(this)) close();
    }

    /** A buffer of at least {@code size} bytes for an uncompressed payload; its content is undefined. */
    byte[] rawBuffer(int size) {
        if (raw.length < size) raw = new byte[size];
        return raw;
    }

    /** {@code src[0, length)} as one zstd frame at {@code level}, in a new array of exactly the compressed size. */
    byte[] compress(byte[] src, int length, int level) {
        if (compressor == null || compressorLevel != level) {
            if (compressor == null) compressor = new ZstdCompressCtx();
            compressor.setLevel(level);
            compressorLevel = level;
        }
        int bound = (int) Zstd.compressBound(length);
        if (out.length < bound) out = new byte[bound];
        int n = compressor.compressByteArray(out, 0, out.length, src, 0, length);
        return Arrays.copyOf(out, n);
    }

    /** Decompresses the frame {@code src[off, off+len)} into {@code dst[0, capacity)}; returns the bytes written. */
    int decompress(byte[] src, int off, int len, byte[] dst, int capacity) {
        if (decompressor == null) decompressor = new ZstdDecompressCtx();
        return decompressor.decompressByteArray(dst, 0, capacity, src, off, len);
    }

    private void close() {
        if (compressor != null) compressor.close();
        if (decompressor != null) decompressor.close();
    }
}

package dev.sigyn.store.chunk;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.bytes.ByteSource;
import dev.sigyn.store.bytes.MalformedDataException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A block after decompression: its columns parsed into arrays so entries can be visited in either direction and
 * merged with other blocks. Line bytes stay in the decompressed buffer; no String is made for a line.
 */
final class DecodedBlock {
    /** The decompressed payload (may be longer than it), lent by {@link BlockBuffers}; null once released. */
    private byte[] buf;
    private final long[] timestamps;
    /** lineStart[i] .. lineStart[i+1] is entry i's line; length size()+1. */
    private final int[] lineStart;
    /** Per entry metadata, or null when no entry of the block has any. */
    private final Labels[] metadata;
    /** Latin-1 view of the line bytes for literal searches; made on first use. */
    private String text;

    private DecodedBlock(byte[] buf, long[] timestamps, int[] lineStart, Labels[] metadata) {
        this.buf = buf;
        this.timestamps = timestamps;
        this.lineStart = lineStart;
        this.metadata = metadata;
    }

    /** Decompresses the block {@code src[off, off+len)} and parses its columns. */
    static DecodedBlock parse(BlockCodec codec, byte[] src, int off, int len, int uncompressedSize, int expectedEntries) {
        byte[] buf = BlockBuffers.borrow(uncompressedSize);
        codec.decompressInto(src, off, len, buf, uncompressedSize);
        ByteSource in = new ByteSource(buf, 0, uncompressedSize);
        int n = in.readCount();
        if (n != expectedEntries) throw new MalformedDataException("block has " + n + " entries, table says " + expectedEntries);
        if (n > uncompressedSize) throw new MalformedDataException("entry count larger than block");

        long[] ts = new long[n];
        in.readUvarints(ts, n); // zig-zag deltas, turned into timestamps in place
        long prev = 0;
        for (int i = 0; i < n; i++) {
            prev += ByteSource.zigZagDecode(ts[i]);
            ts[i] = prev;
        }
        int[] lengths = new int[n];
        in.readCounts(lengths, n);
        long total = 0;
        for (int i = 0; i < n; i++) total += lengths[i];
        Labels[] md = readMetadata(in, n);
        if (total != in.remaining()) throw new MalformedDataException("line bytes do not match their lengths");
        int[] start = new int[n + 1];
        int p = in.position();
        for (int i = 0; i < n; i++) {
            start[i] = p;
            p += lengths[i];
        }
        start[n] = p;
        return new DecodedBlock(buf, ts, start, md);
    }

    private static Labels[] readMetadata(ByteSource in, int n) {
        int symbolCount = in.readCount();
        if (symbolCount > in.remaining()) throw new MalformedDataException("symbol count larger than block");
        String[] symbols = new String[symbolCount];
        for (int i = 0; i < symbolCount; i++) symbols[i] = in.readString();
        if (symbolCount == 0) { // the common case: no entry has metadata, every pair count is a single 0 byte
            if (in.remaining() < n) throw new MalformedDataException("metadata column truncated");
            byte[] b = in.array();
            int p = in.position();
            for (int i = 0; i < n; i++) if (b[p + i] != 0) throw new MalformedDataException("metadata without symbols");
            in.skip(n);
            return null;
        }
        Labels[] md = new Labels[n];
        int[] prevRefs = new int[0];
        Labels prevLabels = Labels.EMPTY;
        for (int i = 0; i < n; i++) {
            int pairs = in.readCount();
            if (pairs == 0) {
                md[i] = Labels.EMPTY;
                continue;
            }
            if (pairs > in.remaining()) throw new MalformedDataException("metadata pair count larger than block");
            int[] refs = new int[pairs * 2];
            for (int j = 0; j < refs.length; j++) {
                refs[j] = in.readCount();
                if (refs[j] >= symbolCount) throw new MalformedDataException("metadata symbol out of range");
            }
            // Consecutive entries often carry the same metadata: share one Labels instead of rebuilding it.
            if (!Arrays.equals(refs, prevRefs)) {
                Label[] pairsArr = new Label[pairs];
                for (int j = 0; j < pairs; j++) pairsArr[j] = new Label(symbols[refs[2 * j]], symbols[refs[2 * j + 1]]);
                prevLabels = Labels.of(Arrays.asList(pairsArr));
                prevRefs = refs;
            }
            md[i] = prevLabels;
        }
        return md;
    }

    int size() { return timestamps.length; }

    long timestamp(int i) { return timestamps[i]; }

    /** First index with timestamp >= ts (size() when none). */
    int lowerBound(long ts) {
        int lo = 0, hi = timestamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < ts) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /**
     * Entries whose line contains {@code literal} (exact bytes, not empty), from one search over all of the block's
     * line bytes with the JDK's vectorised {@link String#indexOf(String, int)} on a Latin-1 view (one char per byte,
     * so char positions are byte positions). A hit is credited to the line it lies in (hits across a line boundary
     * are not), and the search resumes at the next line. For selective literals this is several times faster than
     * testing line by line.
     */
    BitSet linesContaining(byte[] literal) {
        int n = size();
        BitSet marks = new BitSet(n);
        if (n == 0) return marks;
        int base = lineStart[0];
        String text = text();
        String needle = new String(literal, StandardCharsets.ISO_8859_1);
        int from = 0;
        int line = 0;
        while (from <= text.length() - needle.length()) {
            int hit = text.indexOf(needle, from);
            if (hit < 0) break;
            line = lineAt(base + hit, line);
            int lineEnd = lineStart[line + 1] - base;
            if (hit + needle.length() <= lineEnd) {
                marks.set(line);
                from = lineEnd;
            } else {
                from = hit + 1;
            }
        }
        return marks;
    }

    /** Clears from {@code candidates} the entries whose line does not contain {@code literal}. */
    void keepLinesContaining(BitSet candidates, byte[] literal) {
        int base = lineStart[0];
        String text = text();
        String needle = new String(literal, StandardCharsets.ISO_8859_1);
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            if (text.indexOf(needle, lineStart[i] - base, lineStart[i + 1] - base) < 0) candidates.clear(i);
        }
    }

    /** The line bytes as a Latin-1 String, made on the first search and kept for the block's other literals. */
    private String text() {
        if (text == null) text = new String(buf, lineStart[0], lineStart[size()] - lineStart[0], StandardCharsets.ISO_8859_1);
        return text;
    }

    /**
     * The entry whose line holds byte position {@code pos}, at or after entry {@code from} (positions only grow).
     * Hits are often a few lines apart: the search gallops forward from {@code from}, then bisects the last step.
     */
    private int lineAt(int pos, int from) {
        int last = size() - 1;
        int lo = from;
        int hi = last;
        for (int step = 1; lo + step <= last; step <<= 1) {
            if (lineStart[lo + step] > pos) {
                hi = lo + step - 1;
                break;
            }
            lo += step;
        }
        while (lo < hi) { // lineStart[lo] <= pos; the answer is in [lo, hi]
            int mid = (lo + hi + 1) >>> 1;
            if (lineStart[mid] <= pos) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /** Hands the payload's array back for another block; the block must not be used afterwards. */
    void release() {
        if (buf != null) BlockBuffers.giveBack(buf);
        buf = null;
        text = null;
    }

    void visit(int i, EntryVisitor visitor) {
        visitor.visit(timestamps[i], buf, lineStart[i], lineStart[i + 1] - lineStart[i], metadata == null ? Labels.EMPTY : metadata[i]);
    }
}

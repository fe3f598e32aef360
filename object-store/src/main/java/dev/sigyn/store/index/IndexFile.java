package dev.sigyn.store.index;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.bytes.ByteSink;
import dev.sigyn.store.bytes.ByteSource;
import dev.sigyn.store.bytes.MalformedDataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * An immutable index of one tenant for one period (24 h, see {@link ObjectKeys#period}): sorted label names, sorted
 * values, postings lists of series ids, and per series its labels, fingerprint and chunk refs. See
 * docs/storage-format.md.
 *
 * <p>Series are kept sorted by labels, a series id is its position in that order; series given twice (same labels)
 * are merged, and a series' chunk refs are deduplicated by key and sorted by start time.
 */
public final class IndexFile {
    static final byte[] MAGIC = "SGYI".getBytes(StandardCharsets.US_ASCII);
    /** Version 2 adds each chunk's line bytes; files of version 1 still read (their chunks' line bytes unknown). */
    static final int VERSION = 2;
    private static final int VERSION_WITHOUT_LINE_BYTES = 1;

    private final String tenant;
    private final long period;
    private final List<SeriesChunks> series;
    /** Label name → its values sorted, and per value the sorted ids of the series carrying it. */
    private final Map<String, Postings> postings;

    /** The values one label name takes, sorted, each with the series ids that have it. */
    private record Postings(String[] values, int[][] seriesIds) {
        int[] idsOf(String value) {
            int i = Arrays.binarySearch(values, value);
            return i < 0 ? new int[0] : seriesIds[i];
        }
    }

    public IndexFile(String tenant, long period, List<SeriesChunks> series) {
        this.tenant = tenant;
        this.period = period;
        this.series = mergeAndSort(series);
        this.postings = buildPostings(this.series);
    }

    private IndexFile(String tenant, long period, List<SeriesChunks> series, Map<String, Postings> postings) {
        this.tenant = tenant;
        this.period = period;
        this.series = series;
        this.postings = postings;
    }

    private static List<SeriesChunks> mergeAndSort(List<SeriesChunks> input) {
        Map<Labels, Map<String, ChunkRef>> byLabels = new TreeMap<>();
        for (SeriesChunks s : input) {
            Map<String, ChunkRef> refs = byLabels.computeIfAbsent(s.labels(), l -> new LinkedHashMap<>());
            for (ChunkRef c : s.chunks()) refs.putIfAbsent(c.key(), c);
        }
        List<SeriesChunks> out = new ArrayList<>(byLabels.size());
        for (Map.Entry<Labels, Map<String, ChunkRef>> e : byLabels.entrySet()) {
            List<ChunkRef> chunks = new ArrayList<>(e.getValue().values());
            chunks.sort(CHUNK_ORDER);
            out.add(new SeriesChunks(e.getKey(), List.copyOf(chunks)));
        }
        return List.copyOf(out);
    }

    private static final Comparator<ChunkRef> CHUNK_ORDER =
            Comparator.comparingLong(ChunkRef::fromNanos).thenComparingLong(ChunkRef::throughNanos).thenComparing(ChunkRef::key);

    private static Map<String, Postings> buildPostings(List<SeriesChunks> series) {
        Map<String, TreeMap<String, List<Integer>>> byName = new TreeMap<>();
        for (int id = 0; id < series.size(); id++) {
            for (Label l : series.get(id).labels().asList()) {
                byName.computeIfAbsent(l.name(), n -> new TreeMap<>()).computeIfAbsent(l.value(), v -> new ArrayList<>()).add(id);
            }
        }
        Map<String, Postings> out = new HashMap<>();
        for (Map.Entry<String, TreeMap<String, List<Integer>>> e : byName.entrySet()) {
            String[] values = e.getValue().keySet().toArray(new String[0]);
            int[][] ids = new int[values.length][];
            int i = 0;
            for (List<Integer> l : e.getValue().values()) ids[i++] = l.stream().mapToInt(Integer::intValue).toArray();
            out.put(e.getKey(), new Postings(values, ids));
        }
        return out;
    }

    public String tenant() { return tenant; }
    public long period() { return period; }
    public List<SeriesChunks> series() { return series; }

    /** Label names present in this file, sorted. */
    public List<String> labelNames() {
        return postings.keySet().stream().sorted().toList();
    }

    /**
     * Series whose labels match every matcher (via postings for = and =~ matchers), with chunks overlapping
     * [fromNanos, throughNanos]. Series left with no chunk are omitted. An empty matcher list selects every series.
     */
    public List<SeriesChunks> select(List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        BitSet candidates = new BitSet(series.size());
        candidates.set(0, series.size());
        for (LabelMatcher m : matchers) {
            // Postings only know series that HAVE the label, so they can narrow only matchers that reject "".
            boolean usable = (m.type() == LabelMatcher.Type.EQ || m.type() == LabelMatcher.Type.RE) && !m.matchesEmpty();
            if (!usable) continue;
            candidates.and(seriesWith(m));
            if (candidates.isEmpty()) return List.of();
        }
        List<SeriesChunks> out = new ArrayList<>();
        for (int id = candidates.nextSetBit(0); id >= 0; id = candidates.nextSetBit(id + 1)) {
            SeriesChunks s = series.get(id);
            if (!matchesAll(matchers, s.labels())) continue;
            List<ChunkRef> chunks = new ArrayList<>();
            for (ChunkRef c : s.chunks()) {
                if (c.fromNanos() <= throughNanos && c.throughNanos() >= fromNanos) chunks.add(c);
            }
            if (!chunks.isEmpty()) out.add(chunks.size() == s.chunks().size() ? s : new SeriesChunks(s.labels(), List.copyOf(chunks)));
        }
        return out;
    }

    private BitSet seriesWith(LabelMatcher m) {
        BitSet ids = new BitSet(series.size());
        Postings p = postings.get(m.name());
        if (p == null) return ids;
        if (m.type() == LabelMatcher.Type.EQ) {
            for (int id : p.idsOf(m.value())) ids.set(id);
        } else {
            for (int i = 0; i < p.values().length; i++) {
                if (m.matches(p.values()[i])) for (int id : p.seriesIds()[i]) ids.set(id);
            }
        }
        return ids;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) if (!m.matches(labels)) return false;
        return true;
    }

    public byte[] encode() {
        // Symbols: every label name and value, sorted, referenced by position.
        TreeSet<String> symbolSet = new TreeSet<>();
        for (SeriesChunks s : series) {
            for (Label l : s.labels().asList()) {
                symbolSet.add(l.name());
                symbolSet.add(l.value());
            }
        }
        Map<String, Integer> ref = new HashMap<>();
        for (String s : symbolSet) ref.put(s, ref.size());

        ByteSink out = new ByteSink(1024 + series.size() * 128);
        out.writeBytes(MAGIC);
        out.writeByte(VERSION);
        out.writeString(tenant);
        out.writeVarint(period);

        out.writeUvarint(symbolSet.size());
        for (String s : symbolSet) out.writeString(s);

        out.writeUvarint(series.size());
        for (SeriesChunks s : series) {
            out.writeUvarint(s.labels().size());
            for (Label l : s.labels().asList()) {
                out.writeUvarint(ref.get(l.name()));
                out.writeUvarint(ref.get(l.value()));
            }
            out.writeLong(s.labels().fingerprint());
            out.writeUvarint(s.chunks().size());
            for (ChunkRef c : s.chunks()) {
                out.writeString(c.key());
                out.writeVarint(c.fromNanos());
                out.writeVarint(c.throughNanos() - c.fromNanos());
                out.writeUvarint(c.entries());
                out.writeUvarint(c.sizeBytes());
                // Shifted by one so that 0 can stand for "unknown": a merge of version 1 files keeps their chunks.
                out.writeUvarint(c.lineBytes() + 1);
            }
        }

        List<String> names = postings.keySet().stream().sorted().toList();
        out.writeUvarint(names.size());
        for (String name : names) {
            Postings p = postings.get(name);
            out.writeUvarint(ref.get(name));
            out.writeUvarint(p.values().length);
            for (int i = 0; i < p.values().length; i++) {
                out.writeUvarint(ref.get(p.values()[i]));
                int[] ids = p.seriesIds()[i];
                out.writeUvarint(ids.length);
                int prev = 0;
                for (int id : ids) {
                    out.writeUvarint(id - prev);
                    prev = id;
                }
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.size());
        out.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    /** Parses a stored index file; throws IOException on a bad magic, version or checksum. */
    public static IndexFile decode(byte[] data) throws IOException {
        if (data.length < MAGIC.length + 1 + 4) throw new IOException("index file too short: " + data.length + " bytes");
        if (!Arrays.equals(data, 0, 4, MAGIC, 0, 4)) throw new IOException("not a Sigyn index file (bad magic)");
        int version = data[4];
        if (version != VERSION && version != VERSION_WITHOUT_LINE_BYTES) {
            throw new IOException("unsupported index version " + (data[4] & 0xFF));
        }
        int body = data.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(data, 0, body);
        if ((int) crc.getValue() != new ByteSource(data, body, data.length).readInt()) {
            throw new IOException("index file checksum mismatch");
        }
        try {
            return parse(new ByteSource(data, 5, body), version);
        } catch (MalformedDataException e) {
            throw new IOException("malformed index file: " + e.getMessage(), e);
        }
    }

    private static IndexFile parse(ByteSource in, int version) throws IOException {
        String tenant = in.readString();
        long period = in.readVarint();

        int symbolCount = in.readCount();
        if (symbolCount > in.remaining()) throw new MalformedDataException("symbol count larger than file");
        String[] symbols = new String[symbolCount];
        for (int i = 0; i < symbolCount; i++) symbols[i] = in.readString();

        int seriesCount = in.readCount();
        if (seriesCount > in.remaining()) throw new MalformedDataException("series count larger than file");
        List<SeriesChunks> series = new ArrayList<>(seriesCount);
        for (int i = 0; i < seriesCount; i++) {
            int labelCount = in.readCount();
            if (labelCount > in.remaining()) throw new MalformedDataException("label count larger than file");
            List<Label> labels = new ArrayList<>(labelCount);
            for (int j = 0; j < labelCount; j++) labels.add(new Label(symbol(symbols, in), symbol(symbols, in)));
            Labels ls = Labels.of(labels);
            long fingerprint = in.readLong();
            if (fingerprint != ls.fingerprint()) throw new IOException("series fingerprint does not match its labels " + ls);
            int chunkCount = in.readCount();
            if (chunkCount > in.remaining()) throw new MalformedDataException("chunk count larger than file");
            List<ChunkRef> chunks = new ArrayList<>(chunkCount);
            for (int j = 0; j < chunkCount; j++) {
                String key = in.readString();
                long from = in.readVarint();
                long through = from + in.readVarint();
                int entries = in.readCount();
                int size = in.readCount();
                long lineBytes = version == VERSION_WITHOUT_LINE_BYTES ? ChunkRef.UNKNOWN_LINE_BYTES : in.readUvarint() - 1;
                if (lineBytes < ChunkRef.UNKNOWN_LINE_BYTES) throw new MalformedDataException("line bytes out of range");
                chunks.add(new ChunkRef(key, from, through, entries, size, lineBytes));
            }
            series.add(new SeriesChunks(ls, List.copyOf(chunks)));
        }

        int nameCount = in.readCount();
        Map<String, Postings> postings = new HashMap<>();
        for (int i = 0; i < nameCount; i++) {
            String name = symbol(symbols, in);
            int valueCount = in.readCount();
            if (valueCount > in.remaining()) throw new MalformedDataException("value count larger than file");
            String[] values = new String[valueCount];
            int[][] ids = new int[valueCount][];
            for (int v = 0; v < valueCount; v++) {
                values[v] = symbol(symbols, in);
                int n = in.readCount();
                if (n > seriesCount) throw new MalformedDataException("postings list longer than the series list");
                ids[v] = new int[n];
                long id = 0;
                for (int k = 0; k < n; k++) {
                    id += in.readUvarint();
                    if (id >= seriesCount) throw new MalformedDataException("series id out of range");
                    ids[v][k] = (int) id;
                }
            }
            postings.put(name, new Postings(values, ids));
        }
        if (in.remaining() != 0) throw new MalformedDataException("trailing bytes after postings");
        return new IndexFile(tenant, period, List.copyOf(series), postings);
    }

    private static String symbol(String[] symbols, ByteSource in) {
        int i = in.readCount();
        if (i >= symbols.length) throw new MalformedDataException("symbol reference out of range");
        return symbols[i];
    }
}

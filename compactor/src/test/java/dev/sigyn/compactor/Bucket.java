package dev.sigyn.compactor;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.InMemoryBlobStore;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.Chunk;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.IndexFile;
import dev.sigyn.store.index.ObjectKeys;
import dev.sigyn.store.index.SeriesChunks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/** A bucket filled the way ingesters fill it (one chunk and one index file per period per "flush"), and read back. */
final class Bucket {
    static final long DAY = ObjectKeys.PERIOD_NANOS;
    final BlobStore store = new InMemoryBlobStore();
    private long sequence = 1;

    /** Stores one chunk of the stream holding the lines (timestamp, text) and index files naming it, like a flush. */
    ChunkRef flush(String tenant, Labels labels, Object... tsAndLines) throws IOException {
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < tsAndLines.length; i += 2) {
            entries.add(new ChunkEntry((Long) tsAndLines[i], ((String) tsAndLines[i + 1]).getBytes(StandardCharsets.UTF_8), Labels.EMPTY));
        }
        byte[] data = new Chunk(List.of(Block.encode(entries))).encode();
        CRC32 crc = new CRC32();
        crc.update(data);
        long from = entries.getFirst().timestampNanos(), through = entries.getLast().timestampNanos();
        String key = ObjectKeys.chunkKey(tenant, labels.fingerprint(), from, through, (int) crc.getValue());
        store.put(key, data);
        long lineBytes = entries.stream().mapToLong(e -> e.line().length).sum();
        ChunkRef ref = new ChunkRef(key, from, through, entries.size(), data.length, lineBytes);
        for (long p = ObjectKeys.period(from); p <= ObjectKeys.period(through); p++) {
            store.put(ObjectKeys.indexKey(p, tenant, "ingester-1", sequence++),
                    new IndexFile(tenant, p, List.of(new SeriesChunks(labels, List.of(ref)))).encode());
        }
        return ref;
    }

    List<String> indexFiles(String tenant, long period) throws IOException {
        return store.list(ObjectKeys.indexPrefix(period, tenant));
    }

    List<String> chunkObjects(String tenant) throws IOException {
        return store.list("chunks/" + tenant + "/");
    }

    /** The chunk refs the index lists for a stream, deduplicated by key, in key order. */
    List<ChunkRef> chunkRefs(String tenant, Labels labels) throws IOException {
        Map<String, ChunkRef> refs = new TreeMap<>();
        for (String key : store.list("index/")) {
            if (!key.split("/")[2].equals(tenant)) continue;
            for (SeriesChunks s : IndexFile.decode(store.get(key)).series()) {
                if (s.labels().equals(labels)) for (ChunkRef c : s.chunks()) refs.put(c.key(), c);
            }
        }
        return List.copyOf(refs.values());
    }

    /** What a reader finds through the index: stream → its lines in time order (chunks deduplicated by key). */
    Map<Labels, List<Entry>> read(String tenant) throws IOException {
        Map<Labels, Map<String, ChunkRef>> refs = new TreeMap<>();
        for (String key : store.list("index/")) {
            if (!key.split("/")[2].equals(tenant)) continue;
            for (SeriesChunks s : IndexFile.decode(store.get(key)).series()) {
                for (ChunkRef c : s.chunks()) refs.computeIfAbsent(s.labels(), l -> new TreeMap<>()).put(c.key(), c);
            }
        }
        Map<Labels, List<Entry>> out = new TreeMap<>();
        for (Map.Entry<Labels, Map<String, ChunkRef>> e : refs.entrySet()) {
            List<Entry> entries = new ArrayList<>();
            for (ChunkRef c : e.getValue().values()) {
                Chunk.decode(store.get(c.key())).scan(Long.MIN_VALUE, Long.MAX_VALUE,
                        (ts, buf, off, len, md) -> entries.add(new Entry(ts, new String(buf, off, len, StandardCharsets.UTF_8))));
            }
            entries.sort(java.util.Comparator.comparingLong(Entry::timestampNanos));
            out.put(e.getKey(), entries);
        }
        return out;
    }

    /** The lines of every chunk object of the tenant, whether indexed or not. */
    List<String> linesInChunkObjects(String tenant) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String key : chunkObjects(tenant)) {
            Chunk.decode(store.get(key)).scan(Long.MIN_VALUE, Long.MAX_VALUE,
                    (ts, buf, off, len, md) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        }
        return lines;
    }
}

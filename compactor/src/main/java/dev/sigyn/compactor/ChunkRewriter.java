package dev.sigyn.compactor;

import dev.sigyn.compactor.deletion.ActiveDelete;
import dev.sigyn.compactor.deletion.DeleteQuery;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.BlobStore;
import dev.sigyn.store.bytes.MalformedDataException;
import dev.sigyn.store.chunk.Block;
import dev.sigyn.store.chunk.Chunk;
import dev.sigyn.store.chunk.ChunkEntry;
import dev.sigyn.store.index.ChunkRef;
import dev.sigyn.store.index.ObjectKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Applies delete requests to one stored chunk: reads it, drops the entries the requests cover, and writes what is
 * left as a new chunk object (a new key, since chunks are immutable). Block boundaries are kept, so entries keep
 * their order and blocks their time ranges.
 */
final class ChunkRewriter {
    private static final Logger log = LoggerFactory.getLogger(ChunkRewriter.class);

    private final BlobStore store;

    ChunkRewriter(BlobStore store) {
        this.store = store;
    }

    ChunkDecision apply(String tenant, Labels labels, ChunkRef ref, List<ActiveDelete> deletes) throws IOException {
        // A request without pipeline stages that covers the whole chunk deletes it without reading it.
        for (ActiveDelete d : deletes) {
            if (!d.query().hasStages() && d.request().covers(ref.fromNanos()) && d.request().covers(ref.throughNanos())) {
                return new ChunkDecision.Remove(ChunkDecision.Reason.DELETE_REQUEST);
            }
        }
        Chunk chunk;
        try {
            chunk = Chunk.decode(store.get(ref.key()));
        } catch (NoSuchFileException e) {
            log.warn("chunk {} is in the index but not in the store; its index entry is dropped", ref.key());
            return new ChunkDecision.Remove(ChunkDecision.Reason.MISSING);
        }
        DeleteQuery.LineTest[] tests = new DeleteQuery.LineTest[deletes.size()];
        for (int i = 0; i < tests.length; i++) tests[i] = deletes.get(i).query().forStream(labels);

        List<Block> blocks = new ArrayList<>(chunk.blocks().size());
        int[] removed = {0};
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        int entries = 0;
        long[] lineBytes = {0};
        for (Block b : chunk.blocks()) {
            List<ChunkEntry> kept = new ArrayList<>(b.entryCount());
            try {
                b.decode((ts, buf, off, len, metadata) -> {
                    for (int i = 0; i < tests.length; i++) {
                        if (deletes.get(i).request().covers(ts) && tests[i].deletes(ts, buf, off, len, metadata)) {
                            removed[0]++;
                            return;
                        }
                    }
                    kept.add(new ChunkEntry(ts, Arrays.copyOfRange(buf, off, off + len), metadata));
                    lineBytes[0] += len;
                });
            } catch (MalformedDataException e) {
                throw new IOException("chunk " + ref.key() + " is corrupt: " + e.getMessage(), e);
            }
            if (kept.isEmpty()) continue;
            Block rewritten = Block.encode(kept);
            blocks.add(rewritten);
            min = Math.min(min, rewritten.minTimestamp());
            max = Math.max(max, rewritten.maxTimestamp());
            entries += kept.size();
        }
        if (removed[0] == 0) return ChunkDecision.KEEP;
        if (blocks.isEmpty()) return new ChunkDecision.Remove(ChunkDecision.Reason.DELETE_REQUEST);

        byte[] data = new Chunk(blocks).encode();
        CRC32 crc = new CRC32();
        crc.update(data);
        String key = ObjectKeys.chunkKey(tenant, labels.fingerprint(), min, max, (int) crc.getValue());
        store.put(key, data);
        log.debug("chunk {} rewritten as {} without {} deleted lines", ref.key(), key, removed[0]);
        return new ChunkDecision.Replace(new ChunkRef(key, min, max, entries, data.length, lineBytes[0]));
    }
}

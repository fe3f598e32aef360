package dev.sigyn.writelog.ingest;

import dev.sigyn.ingester.wal.SnapshotBytes;
import dev.sigyn.ingester.wal.StreamSnapshot;
import dev.sigyn.store.BlobStore;

import java.io.IOException;
import java.util.List;

/**
 * Where partition snapshots live in the object store: {@code writelog/<topic>/<partition>/<offset>.snap}, the offset
 * (zero-padded, so keys sort by it) being the write log's next record after the snapshot. The committed offset's
 * metadata names the key, so a new owner never has to guess which snapshot goes with it.
 */
final class PartitionSnapshots {
    private final BlobStore store;
    private final String topic;

    PartitionSnapshots(BlobStore store, String topic) {
        this.store = store;
        this.topic = topic;
    }

    String put(int partition, long nextOffset, List<StreamSnapshot> streams) throws IOException {
        String key = "%s%020d.snap".formatted(prefix(partition), nextOffset);
        store.put(key, SnapshotBytes.encode(streams));
        return key;
    }

    List<StreamSnapshot> get(String key) throws IOException {
        if (!key.startsWith("writelog/")) throw new IOException("not a partition snapshot: " + key);
        return SnapshotBytes.decode(store.get(key));
    }

    void delete(String key) throws IOException {
        store.delete(key);
    }

    /** Deletes every snapshot of the partition but {@code keep} (empty: keeps none). */
    void deleteAllBut(int partition, String keep) throws IOException {
        for (String key : store.list(prefix(partition))) {
            if (!key.equals(keep)) store.delete(key);
        }
    }

    private String prefix(int partition) {
        return "writelog/" + topic + "/" + partition + "/";
    }
}

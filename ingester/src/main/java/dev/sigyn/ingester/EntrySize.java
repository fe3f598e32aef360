package dev.sigyn.ingester;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.Utf8;
import dev.sigyn.store.chunk.ChunkEntry;

/** Loki's size of an entry for limits and block cutting: line bytes plus the bytes of metadata names and values. */
final class EntrySize {
    private EntrySize() {}

    static long of(ChunkEntry e) {
        return e.line().length + metadataBytes(e.structuredMetadata());
    }

    static long metadataBytes(Labels metadata) {
        if (metadata == null) return 0;
        long n = 0;
        for (int i = 0; i < metadata.size(); i++) {
            Label l = metadata.get(i);
            n += Utf8.length(l.name()) + Utf8.length(l.value());
        }
        return n;
    }
}

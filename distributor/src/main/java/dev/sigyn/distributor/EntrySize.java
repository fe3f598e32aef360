package dev.sigyn.distributor;

import dev.sigyn.ingester.EncodedEntries;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.Utf8;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/** Sizes the way Loki measures them for limits and metrics: UTF-8 bytes of the line and of the metadata pairs. */
final class EntrySize {
    /** Loki adds this metadata itself and leaves it out of sizes, so clients are not billed for it. */
    private static final String DETECTED_LEVEL = "detected_level";

    private EntrySize() {}

    static long metadataBytes(Entry e) {
        return metadataBytes(e.structuredMetadata());
    }

    static long metadataBytes(Labels metadata) {
        long size = 0;
        for (int i = 0; i < metadata.size(); i++) {
            Label l = metadata.get(i);
            if (!l.name().equals(DETECTED_LEVEL)) size += Utf8.length(l.name()) + Utf8.length(l.value());
        }
        return size;
    }

    static long totalBytes(Entry e) {
        return Utf8.length(e.line()) + metadataBytes(e);
    }

    /** Sum over a stream's entries; lines that are already bytes are not decoded. */
    static long totalBytes(List<Entry> entries) {
        long size = 0;
        if (entries instanceof EncodedEntries enc) {
            for (int i = 0; i < enc.size(); i++) {
                ChunkEntry e = enc.encoded(i);
                size += e.line().length + metadataBytes(e.structuredMetadata());
            }
        } else {
            for (Entry e : entries) size += totalBytes(e);
        }
        return size;
    }
}

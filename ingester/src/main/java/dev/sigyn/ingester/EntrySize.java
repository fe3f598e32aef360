package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.Utf8;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/**
 * Loki's size of an entry ({@code util.EntryTotalSize}), used for every limit, rate and metric: the UTF-8 bytes of
 * the line plus those of the structured metadata names and values.
 */
public final class EntrySize {
    /** Loki adds this metadata itself and leaves it out of sizes, so clients are not billed for it. */
    private static final String DETECTED_LEVEL = "detected_level";

    private EntrySize() {}

    public static long of(Entry e) {
        return Utf8.length(e.line()) + metadataBytes(e.structuredMetadata());
    }

    public static long of(ChunkEntry e) {
        return e.line().length + metadataBytes(e.structuredMetadata());
    }

    /** Sum over a stream's entries; lines that are already bytes are not decoded. */
    public static long of(List<Entry> entries) {
        long size = 0;
        if (entries instanceof EncodedEntries encoded) {
            for (int i = 0; i < encoded.size(); i++) size += of(encoded.encoded(i));
        } else {
            for (Entry e : entries) size += of(e);
        }
        return size;
    }

    public static long metadataBytes(Labels metadata) {
        if (metadata == null) return 0;
        long size = 0;
        for (int i = 0; i < metadata.size(); i++) {
            Label l = metadata.get(i);
            if (!l.name().equals(DETECTED_LEVEL)) size += Utf8.length(l.name()) + Utf8.length(l.value());
        }
        return size;
    }
}

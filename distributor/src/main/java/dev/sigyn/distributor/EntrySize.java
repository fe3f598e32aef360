package dev.sigyn.distributor;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Utf8;

/** Sizes the way Loki measures them for limits and metrics: UTF-8 bytes of the line and of the metadata pairs. */
final class EntrySize {
    /** Loki adds this metadata itself and leaves it out of sizes, so clients are not billed for it. */
    private static final String DETECTED_LEVEL = "detected_level";

    private EntrySize() {}

    static long metadataBytes(Entry e) {
        long size = 0;
        for (int i = 0; i < e.structuredMetadata().size(); i++) {
            Label l = e.structuredMetadata().get(i);
            if (!l.name().equals(DETECTED_LEVEL)) size += Utf8.length(l.name()) + Utf8.length(l.value());
        }
        return size;
    }

    static long totalBytes(Entry e) {
        return Utf8.length(e.line()) + metadataBytes(e);
    }
}

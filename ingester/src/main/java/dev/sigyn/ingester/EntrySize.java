package dev.sigyn.ingester;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
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
            n += utf8Length(l.name()) + utf8Length(l.value());
        }
        return n;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) { n += 4; i++; }
            else n += 3;
        }
        return n;
    }
}

package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Entries of a push whose lines are already UTF-8 bytes, as the protobuf push body carries them. The ingester stores
 * lines as bytes, so a distributor that hands it this list (inside {@link StreamPush}) spares each line a decode to a
 * String and an encode back. As a {@code List<Entry>} it is complete but slower: {@link #get} decodes the line.
 * Immutable once {@link Builder#build built}; the line arrays are never written after that either.
 */
public final class EncodedEntries extends AbstractList<Entry> implements RandomAccess {
    private final ChunkEntry[] entries;

    private EncodedEntries(List<ChunkEntry> entries) {
        this.entries = entries.toArray(ChunkEntry[]::new);
    }

    /** Collects the entries of one stream, then {@link #build}s the immutable list. */
    public static final class Builder {
        private final ArrayList<ChunkEntry> entries;

        public Builder(int expectedSize) {
            this.entries = new ArrayList<>(expectedSize);
        }

        /** Adds an entry whose line is UTF-8 (metadata null means none). */
        public Builder addEncoded(ChunkEntry e) {
            entries.add(e.structuredMetadata() != null ? e
                    : new ChunkEntry(e.timestampNanos(), e.line(), Labels.EMPTY));
            return this;
        }

        /** Adds an entry given as text: encodes its line once, here. */
        public Builder add(Entry e) {
            Labels md = e.structuredMetadata() == null ? Labels.EMPTY : e.structuredMetadata();
            entries.add(new ChunkEntry(e.timestampNanos(), e.line().getBytes(StandardCharsets.UTF_8), md));
            return this;
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        public EncodedEntries build() {
            return new EncodedEntries(entries);
        }
    }

    /** Entry {@code i} as the ingester stores it, without decoding its line. */
    public ChunkEntry encoded(int i) {
        return entries[i];
    }

    @Override
    public Entry get(int i) {
        ChunkEntry e = entries[i];
        return new Entry(e.timestampNanos(), new String(e.line(), StandardCharsets.UTF_8), e.structuredMetadata());
    }

    @Override
    public int size() {
        return entries.length;
    }

    /** The bytes of entry i in UTF-8 as the ingester stores it (what Stream.push would otherwise encode). */
    public static ChunkEntry toChunkEntry(List<Entry> entries, int i) {
        if (entries instanceof EncodedEntries enc) return enc.encoded(i);
        Entry in = entries.get(i);
        Labels md = in.structuredMetadata() == null ? Labels.EMPTY : in.structuredMetadata();
        return new ChunkEntry(in.timestampNanos(), in.line().getBytes(StandardCharsets.UTF_8), md);
    }
}

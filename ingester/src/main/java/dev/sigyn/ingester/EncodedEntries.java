package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.RandomAccess;

/**
 * Entries of a push whose lines are already UTF-8 bytes, as the protobuf push body carries them. The ingester stores
 * lines as bytes, so a distributor that hands it this list (inside {@link StreamPush}) spares each line a decode to a
 * String and an encode back. As a {@code List<Entry>} it is complete but slower: {@link #get} decodes the line.
 */
public final class EncodedEntries extends AbstractList<Entry> implements RandomAccess {
    private final ArrayList<ChunkEntry> entries;

    public EncodedEntries(int expectedSize) {
        this.entries = new ArrayList<>(expectedSize);
    }

    /** Adds an entry whose line is UTF-8 (metadata null means none). */
    public void addEncoded(ChunkEntry e) {
        entries.add(e.structuredMetadata() == null ? new ChunkEntry(e.timestampNanos(), e.line(), Labels.EMPTY) : e);
    }

    /** Entry {@code i} as the ingester stores it, without decoding its line. */
    public ChunkEntry encoded(int i) {
        return entries.get(i);
    }

    /** Adds an entry given as text: encodes its line once, here. */
    @Override
    public boolean add(Entry e) {
        Labels md = e.structuredMetadata() == null ? Labels.EMPTY : e.structuredMetadata();
        entries.add(new ChunkEntry(e.timestampNanos(), e.line().getBytes(StandardCharsets.UTF_8), md));
        return true;
    }

    @Override
    public Entry get(int i) {
        ChunkEntry e = entries.get(i);
        return new Entry(e.timestampNanos(), new String(e.line(), StandardCharsets.UTF_8), e.structuredMetadata());
    }

    @Override
    public int size() {
        return entries.size();
    }

    /** The bytes of entry i in UTF-8 as the ingester stores it (what Stream.push would otherwise encode). */
    static ChunkEntry toChunkEntry(java.util.List<Entry> entries, int i) {
        if (entries instanceof EncodedEntries enc) return enc.encoded(i);
        Entry in = entries.get(i);
        Labels md = in.structuredMetadata() == null ? Labels.EMPTY : in.structuredMetadata();
        return new ChunkEntry(in.timestampNanos(), in.line().getBytes(StandardCharsets.UTF_8), md);
    }
}

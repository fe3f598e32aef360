package dev.sigyn.compactor;

import dev.sigyn.store.index.ChunkRef;

/** What a compaction pass does with one chunk of the index; decided once per pass and applied in every period. */
sealed interface ChunkDecision {
    /** The chunk stays as it is. */
    record Keep() implements ChunkDecision {}

    /** The chunk leaves the index and its object is deleted. */
    record Remove(Reason reason) implements ChunkDecision {}

    /** The chunk was rewritten without deleted lines: the replacement takes its place in the index. */
    record Replace(ChunkRef replacement) implements ChunkDecision {}

    enum Reason {
        RETENTION("retention"), DELETE_REQUEST("delete_request"), MISSING("missing");

        final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    ChunkDecision KEEP = new Keep();
}

package dev.sigyn.ingester.wal;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/**
 * Everything a checkpoint keeps of one in-memory stream: its unflushed chunks and the state push rules depend on.
 *
 * @param lastSeq   seq of the last WAL record applied to the stream; replay skips records up to it
 * @param lastEntry the last accepted entry (duplicate detection), null when the stream never accepted one
 * @param highestTs the newest timestamp accepted (out-of-order window); meaningless when lastEntry is null
 */
public record StreamSnapshot(String tenant, Labels labels, long lastSeq, ChunkEntry lastEntry, long highestTs,
                             List<ChunkSnapshot> chunks) {
}

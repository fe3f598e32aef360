package dev.sigyn.writelog;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.List;

/**
 * One Kafka record of the write log: entries of one stream of one push, in push order. A push becomes one record
 * per stream (more when a stream's entries exceed the record size limit), each on its stream's partition.
 */
public record StreamRecord(String tenant, Labels labels, List<ChunkEntry> entries) {
}

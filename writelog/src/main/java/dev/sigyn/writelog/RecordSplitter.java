package dev.sigyn.writelog;

import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stream's entries into records of at most {@code producer_max_record_size_bytes} encoded, in order, so that
 * Kafka takes each (a broker refuses a record over the topic's {@code max.message.bytes}). An entry too large for
 * any record goes alone in one; the distributor's line-size limit keeps that from happening with sane settings.
 */
final class RecordSplitter {
    private RecordSplitter() {}

    static List<StreamRecord> split(String tenant, Labels labels, List<ChunkEntry> entries, int maxRecordBytes) {
        int header = StreamRecordCodec.headerSize(tenant, labels);
        List<StreamRecord> records = new ArrayList<>(1);
        int from = 0;
        long size = header;
        for (int i = 0; i < entries.size(); i++) {
            int entry = StreamRecordCodec.entrySize(entries.get(i));
            if (i > from && size + entry > maxRecordBytes) {
                records.add(new StreamRecord(tenant, labels, List.copyOf(entries.subList(from, i))));
                from = i;
                size = header;
            }
            size += entry;
        }
        if (from < entries.size()) {
            records.add(new StreamRecord(tenant, labels, List.copyOf(entries.subList(from, entries.size()))));
        }
        return records;
    }
}

package dev.sigyn.querier;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.StreamStats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the index knows of a call's streams: the metadata of their chunks from every {@link IndexStatsSource} (the
 * ingesters' unflushed chunks and the object store's index), merged by stream, and from it how much each stream
 * holds in a range. No line is read. A chunk only partly inside a range counts with the share of its time span
 * inside (see {@link ChunkStats#share}), as Loki counts it, so such figures are estimates; chunks wholly inside
 * count exactly.
 */
final class IndexEstimates {
    /** A stream's figures for a range: the chunks overlapping it, and the entries and line bytes estimated in it. */
    record StreamEstimate(Labels labels, int chunks, long entries, long bytes) {}

    private final Map<Labels, List<ChunkStats>> chunksByStream;

    private IndexEstimates(Map<Labels, List<ChunkStats>> chunksByStream) {
        this.chunksByStream = chunksByStream;
    }

    /** The chunks of the tenant's matching streams that overlap [from, through], from each source in turn. */
    static IndexEstimates read(List<IndexStatsSource> sources, Call call, List<LabelMatcher> matchers, long from,
                               long through) throws IOException {
        Map<Labels, List<ChunkStats>> byStream = new LinkedHashMap<>();
        for (IndexStatsSource source : call.scope.viewAllStats(sources)) {
            call.context.checkCancelled();
            for (StreamStats s : source.chunkStats(call.tenant, matchers, from, through)) {
                byStream.computeIfAbsent(s.labels(), l -> new ArrayList<>()).addAll(s.chunks());
            }
        }
        return new IndexEstimates(byStream);
    }

    /**
     * The streams with data estimated in [from, through] (both inclusive); a stream whose overlapping chunks
     * round to no entry there is left out, as Loki's index leaves it out.
     */
    List<StreamEstimate> in(long from, long through) {
        List<StreamEstimate> out = new ArrayList<>();
        chunksByStream.forEach((labels, chunks) -> {
            int overlapping = 0;
            double entries = 0, bytes = 0;
            for (ChunkStats c : chunks) {
                if (!c.overlaps(from, through)) continue;
                overlapping++;
                double share = c.share(from, through);
                entries += share * c.entries();
                bytes += share * c.lineBytes();
            }
            long roundedEntries = Math.round(entries);
            if (roundedEntries > 0) out.add(new StreamEstimate(labels, overlapping, roundedEntries, Math.round(bytes)));
        });
        return out;
    }
}

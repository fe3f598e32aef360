package dev.sigyn.logql.source;

import dev.sigyn.logql.LabelMatcher;

import java.io.IOException;
import java.util.List;

/**
 * A place that can say how much data a selector covers from chunk metadata alone (entry counts and line bytes per
 * chunk), never reading or decompressing a line: what {@code index/stats} and {@code index/volume} answer from,
 * which Grafana asks before every Explore query. The object store answers from its index files, an ingester from
 * the counters of the chunks it holds (a flushed chunk leaves it once an index file lists it). Calls may block on
 * I/O: never call them on an event loop.
 */
public interface IndexStatsSource {

    /**
     * The tenant's streams matching every matcher (an empty list matches every stream), each with its chunks that
     * overlap [fromNanos, throughNanos] (both inclusive); streams without such a chunk are left out.
     */
    List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long fromNanos, long throughNanos)
            throws IOException;
}

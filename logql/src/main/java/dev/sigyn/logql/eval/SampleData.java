package dev.sigyn.logql.eval;

import dev.sigyn.logql.source.SampleSink;
import dev.sigyn.logql.source.StreamQuery;

import java.io.IOException;

/**
 * Where {@link QueryEvaluator} reads log lines and samples from: the querier asks every source of the tenant and
 * merges the answers. May block on I/O.
 */
public interface SampleData extends LineData {

    /**
     * A metric query's samples, extracted where the data is (see
     * {@link dev.sigyn.logql.source.LogSource#selectSamples}); a line several sources hold gives its samples once.
     */
    void selectSamples(StreamQuery query, SampleExtraction extraction, SampleSink sink) throws IOException;
}

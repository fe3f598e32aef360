package dev.sigyn.querier;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.source.SampleSink.ExtractedSeries;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SampleCopiesTest {
    private static final Labels INFO = Labels.of("level", "info");
    private static final Labels ERROR = Labels.of("level", "error");

    private static ExtractedSeries series(Labels labels, long[] times, long[] keys) {
        List<Sample> samples = new java.util.ArrayList<>();
        for (long t : times) samples.add(new Sample(t, 1));
        return new ExtractedSeries(labels, samples, keys);
    }

    @Test
    void aLineBothSourcesReadCountsOnceAndDistinctLinesAtTheSameTimeBothCount() {
        // Memory holds lines 1 (t=10), 2 and 3 (both t=20); the store holds 1 and 2 again, and 4 (t=5).
        ExtractedSeries memory = series(INFO, new long[]{10, 20, 20}, new long[]{1, 2, 3});
        ExtractedSeries store = series(INFO, new long[]{5, 10, 20}, new long[]{4, 1, 2});
        List<ExtractedSeries> merged = SampleCopies.merge(List.of(List.of(memory), List.of(store)));
        assertEquals(1, merged.size());
        assertEquals(List.of(5L, 10L, 20L, 20L), merged.getFirst().samples().stream().map(Sample::tsNanos).toList());
    }

    @Test
    void seriesOnlyOneCopyHasAreKeptAsTheyAre() {
        ExtractedSeries memoryInfo = series(INFO, new long[]{10}, new long[]{1});
        ExtractedSeries storeError = series(ERROR, new long[]{7}, new long[]{9});
        List<ExtractedSeries> merged = SampleCopies.merge(List.of(List.of(memoryInfo), List.of(storeError)));
        assertEquals(List.of(INFO, ERROR), merged.stream().map(ExtractedSeries::labels).toList());
    }
}

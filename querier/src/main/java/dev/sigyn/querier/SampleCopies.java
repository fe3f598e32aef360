package dev.sigyn.querier;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.source.SampleSink.ExtractedSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the copies of one stream's series that several sources extracted (ingester memory and the object store
 * both hold a stream for a while after a flush): series with equal labels become one, samples in time order, and a
 * line both sources read gives its samples once. Two samples are from the same line when they have the same time
 * and the same line key.
 */
final class SampleCopies {
    private SampleCopies() {}

    static List<ExtractedSeries> merge(List<List<ExtractedSeries>> copies) {
        Map<Labels, List<ExtractedSeries>> byLabels = new LinkedHashMap<>();
        for (List<ExtractedSeries> copy : copies) {
            for (ExtractedSeries s : copy) byLabels.computeIfAbsent(s.labels(), l -> new ArrayList<>()).add(s);
        }
        List<ExtractedSeries> out = new ArrayList<>(byLabels.size());
        byLabels.forEach((labels, same) -> out.add(same.size() == 1 ? same.getFirst() : union(labels, same)));
        return out;
    }

    private record Keyed(Sample sample, long key) {}

    private static ExtractedSeries union(Labels labels, List<ExtractedSeries> same) {
        List<Keyed> all = new ArrayList<>();
        for (ExtractedSeries s : same) {
            for (int i = 0; i < s.samples().size(); i++) all.add(new Keyed(s.samples().get(i), s.lineKeys()[i]));
        }
        all.sort(Comparator.comparingLong(k -> k.sample().tsNanos())); // stable: a source's own order stays
        List<Sample> samples = new ArrayList<>(all.size());
        long[] keys = new long[all.size()];
        int atTime = 0; // where the samples of the current timestamp start in the output
        for (Keyed k : all) {
            int n = samples.size();
            if (n > 0 && samples.get(n - 1).tsNanos() != k.sample().tsNanos()) atTime = n;
            if (seen(keys, atTime, n, k.key())) continue;
            keys[n] = k.key();
            samples.add(k.sample());
        }
        return new ExtractedSeries(labels, samples, Arrays.copyOf(keys, samples.size()));
    }

    private static boolean seen(long[] keys, int from, int to, long key) {
        for (int i = from; i < to; i++) if (keys[i] == key) return true;
        return false;
    }
}

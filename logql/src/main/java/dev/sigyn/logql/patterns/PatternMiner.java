package dev.sigyn.logql.patterns;

import dev.sigyn.logql.Labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mines log patterns from lines, as Loki's pattern ingester does: each stream's lines are clustered per level (and
 * per {@link LineFormat}) by {@link Drain}, and clusters of different streams whose patterns read the same are added
 * together. Every line added is counted in exactly one pattern, in the step its timestamp falls in, unless its
 * stream and level hold more than {@value Drain#MAX_CLUSTERS} patterns and its pattern was the least recently seen
 * one (dropped with its counts, as in Loki). Add lines oldest first: Drain's clusters depend on the order.
 * Not thread-safe.
 */
public final class PatternMiner {
    /** Loki keeps pattern counts at 10 s resolution: a smaller step is raised to this. */
    public static final long MIN_STEP_NANOS = 10_000_000_000L;

    private final long stepNanos;
    private final Map<Labels, Map<DrainKey, Drain>> drains = new HashMap<>();

    /** @param stepNanos the width of the count buckets; buckets start at multiples of it since the epoch */
    public PatternMiner(long stepNanos) {
        this.stepNanos = Math.max(stepNanos, MIN_STEP_NANOS);
    }

    public long stepNanos() {
        return stepNanos;
    }

    /** Adds one line of the stream with these labels, of this level (see {@link dev.sigyn.logql.LogLevels#detect}). */
    public void add(Labels stream, long timestampNanos, String line, String level) {
        LineFormat.Tokenized t = LineFormat.tokenize(line);
        Drain drain = drains.computeIfAbsent(stream, s -> new HashMap<>())
                .computeIfAbsent(new DrainKey(level, t.format()), k -> new Drain(k.format().treeDepth));
        drain.train(t.line()).count(Math.floorDiv(timestampNanos, stepNanos) * stepNanos);
    }

    /**
     * The patterns found, the most frequent first (ties by pattern text). Each has a sample per step from its first
     * to its last step with lines, zero where it had none, timestamps at the start of each step in Unix seconds.
     */
    public List<LogPattern> patterns() {
        Map<PatternKey, TreeMap<Long, Long>> merged = new HashMap<>();
        for (Map<DrainKey, Drain> ofStream : drains.values()) {
            for (Map.Entry<DrainKey, Drain> e : ofStream.entrySet()) {
                DrainKey key = e.getKey();
                for (LogCluster c : e.getValue().clusters()) {
                    TreeMap<Long, Long> counts = merged.computeIfAbsent(
                            new PatternKey(c.pattern(key.format()), key.level()), k -> new TreeMap<>());
                    c.counts().forEach((bucket, n) -> counts.merge(bucket, n[0], Long::sum));
                }
            }
        }
        List<LogPattern> out = new ArrayList<>(merged.size());
        merged.forEach((key, counts) -> out.add(new LogPattern(key.pattern(), key.level(), samples(counts))));
        out.sort(Comparator.comparingLong(LogPattern::total).reversed()
                .thenComparing(LogPattern::pattern).thenComparing(LogPattern::level));
        return out;
    }

    private List<LogPattern.Sample> samples(TreeMap<Long, Long> counts) {
        List<LogPattern.Sample> samples = new ArrayList<>();
        long last = counts.lastKey();
        for (long bucket = counts.firstKey(); bucket <= last; bucket += stepNanos) {
            samples.add(new LogPattern.Sample(Math.floorDiv(bucket, 1_000_000_000L), counts.getOrDefault(bucket, 0L)));
        }
        return samples;
    }

    /** Each stream's lines are clustered apart per level and per line format. */
    private record DrainKey(String level, LineFormat format) {}

    private record PatternKey(String pattern, String level) {}
}

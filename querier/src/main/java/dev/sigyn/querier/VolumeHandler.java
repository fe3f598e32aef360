package dev.sigyn.querier;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.LabeledValue;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.source.IndexStatsSource;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code index/volume} and {@code index/volume_range}: how many bytes of log lines the matching streams hold,
 * summed per group, the largest first, at most {@code limit} (default 100) groups. With {@code aggregateBy=series}
 * (the default) a group is a value of the target labels ({@code targetLabels}, by default the selector's label
 * names); with {@code aggregateBy=labels} a group is a label name ({@code {"app":""}}). {@code volume} answers a
 * vector at {@code end}; {@code volume_range} splits the range into {@code step} buckets aligned to the step, each
 * limited on its own, with samples at each bucket's end (a matrix, or a vector when every group has one sample),
 * as Loki's frontend does.
 *
 * <p>Bytes are line bytes before compression, taken from chunk metadata as Loki's index does ({@link IndexEstimates}):
 * no line is read, and a chunk partly inside a range or bucket counts in proportion to the part of its time span
 * inside.
 */
final class VolumeHandler {
    private static final int DEFAULT_LIMIT = 100;
    /** Loki ends each bucket but the last 1 ms before the next one starts ({@code util.SplitGap}). */
    private static final long SPLIT_GAP_NANOS = 1_000_000L;

    private final QueryPool pool;
    private final List<IndexStatsSource> sources;
    private final QueryLimits limits;

    VolumeHandler(QueryPool pool, List<IndexStatsSource> sources, QueryLimits limits) {
        this.pool = pool;
        this.sources = List.copyOf(sources);
        this.limits = limits;
    }

    /** What a volume call asks for; {@code stepNanos} is 0 for the instant form. */
    /** {@code maxSeries} is the tenant's {@code volume_max_series}: the most groups a volume may add up (0: any). */
    private record Request(List<LabelMatcher> matchers, long startNanos, long endNanos, long stepNanos, int limit,
                           List<String> targets, boolean byLabelNames, int maxSeries) {}

    Future<Buffer> volume(Call call) {
        return pool.run(call, () -> {
            int limit = volumeLimit(call.form.get("limit"));
            LokiParams.Bounds b = LokiParams.bounds(call.form, call.nowNanos);
            if (b.endNanos() < b.startNanos()) {
                throw QueryError.badRequest("end timestamp must not be before or equal to start time");
            }
            Request r = request(call, call.form.get("query"), b.startNanos(), b.endNanos(), 0, limit);
            Map<Labels, Long> volumes = volumes(readIndex(call, r), r, r.startNanos(), r.endNanos());
            List<LabeledValue> result = new ArrayList<>();
            for (Map.Entry<Labels, Long> e : volumes.entrySet()) result.add(new LabeledValue(e.getKey(), e.getValue()));
            return LokiJson.queryResponse(new QueryResult.InstantVector(r.endNanos(), result), call.stats);
        });
    }

    Future<Buffer> volumeRange(Call call) {
        return pool.run(call, () -> {
            int limit = volumeLimit(call.form.get("limit"));
            LokiParams.RangeParams p = LokiParams.rangeQuery(call.form, call.nowNanos);
            call.stepNanos = p.stepNanos();
            Request r = request(call, p.query(), p.startNanos(), p.endNanos(), p.stepNanos(), limit);
            IndexEstimates streams = readIndex(call, r);
            // Group → samples in time order; each bucket contributes its own top groups.
            Map<Labels, List<Sample>> series = new HashMap<>();
            long aligned = r.startNanos() - Math.floorMod(r.startNanos(), r.stepNanos());
            for (long from = aligned; from < r.endNanos(); from += r.stepNanos()) {
                long next = from + r.stepNanos();
                long through = next >= r.endNanos() ? r.endNanos() : next - SPLIT_GAP_NANOS;
                long bucketStart = Math.max(from, r.startNanos());
                for (Map.Entry<Labels, Long> e : volumes(streams, r, bucketStart, Math.min(next - 1, r.endNanos())).entrySet()) {
                    series.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Sample(through, e.getValue()));
                }
            }
            return LokiJson.queryResponse(rangeResult(series, r.endNanos()), call.stats);
        });
    }

    private Request request(Call call, String query, long start, long end, long step, int limit) {
        call.startNanos = start;
        call.endNanos = end;
        call.query = query;
        List<LabelMatcher> matchers = LogQueries.selector(query);
        limits.checkQueryLength(call.tenant, start, end);
        String aggregateBy = call.form.get("aggregateBy");
        if (!aggregateBy.isEmpty() && !aggregateBy.equals("series") && !aggregateBy.equals("labels")) {
            throw QueryError.badRequest("invalid aggregation option");
        }
        List<String> targets = targetLabels(call.form.get("targetLabels"));
        boolean byLabelNames = aggregateBy.equals("labels");
        if (targets.isEmpty() && !byLabelNames) targets = matcherNames(matchers);
        return new Request(matchers, start, end, step, limit, targets, byLabelNames,
                limits.of(call.tenant).volumeMaxSeries());
    }

    /** The matching streams' chunks overlapping [start, end] (the end inclusive, as the index counts chunks). */
    private IndexEstimates readIndex(Call call, Request r) throws java.io.IOException {
        IndexEstimates index = IndexEstimates.read(sources, call, r.matchers(), r.startNanos(), r.endNanos());
        call.stats = new QueryStats(call.elapsedSeconds(), 0, 0, 0, sources.size());
        return index;
    }

    /** Bytes per group in [from, through], the largest first (ties by label text), cut to the limit. */
    private static Map<Labels, Long> volumes(IndexEstimates index, Request r, long from, long through) {
        Map<Labels, Long> perGroup = new HashMap<>();
        for (IndexEstimates.StreamEstimate s : index.in(from, through)) {
            for (Labels group : groupsOf(s.labels(), r)) perGroup.merge(group, s.bytes(), Long::sum);
            if (r.maxSeries() > 0 && perGroup.size() > r.maxSeries()) {
                throw QueryError.badRequest("the query hit the max number of series limit (limit: " + r.maxSeries()
                        + " series)");
            }
        }
        List<Map.Entry<Labels, Long>> sorted = new ArrayList<>(perGroup.entrySet());
        sorted.sort(Map.Entry.<Labels, Long>comparingByValue().reversed()
                .thenComparing(e -> e.getKey().toString()));
        Map<Labels, Long> top = new LinkedHashMap<>();
        for (Map.Entry<Labels, Long> e : sorted.subList(0, Math.min(r.limit(), sorted.size()))) top.put(e.getKey(), e.getValue());
        return top;
    }

    /** The groups a stream counts towards: its target-label values, or one {@code {name=""}} per label name. */
    private static List<Labels> groupsOf(Labels stream, Request r) {
        if (!r.byLabelNames()) {
            Map<String, String> kept = new HashMap<>();
            for (String t : r.targets()) {
                String v = stream.get(t);
                if (v != null) kept.put(t, v);
            }
            return List.of(Labels.fromMap(kept));
        }
        List<Labels> names = new ArrayList<>();
        for (Label l : stream.asList()) {
            if (r.targets().isEmpty() || r.targets().contains(l.name())) names.add(Labels.of(l.name(), ""));
        }
        return names;
    }

    /** A matrix sorted by each series' first value (largest first), or a vector when no series has two samples. */
    private static QueryResult rangeResult(Map<Labels, List<Sample>> series, long endNanos) {
        List<Series> sorted = new ArrayList<>();
        series.forEach((labels, samples) -> sorted.add(new Series(labels, samples)));
        sorted.sort(Comparator.<Series>comparingDouble(s -> -s.samples().getFirst().value())
                .thenComparing(s -> s.labels().toString()));
        boolean single = sorted.stream().allMatch(s -> s.samples().size() == 1);
        if (!single) return new QueryResult.Matrix(sorted);
        List<LabeledValue> vector = new ArrayList<>();
        long ts = sorted.isEmpty() ? endNanos : sorted.getFirst().samples().getFirst().tsNanos();
        for (Series s : sorted) vector.add(new LabeledValue(s.labels(), s.samples().getFirst().value()));
        return new QueryResult.InstantVector(ts, vector);
    }

    /** Loki's volume {@code limit}: absent or 0 means 100, a negative value is refused. */
    private static int volumeLimit(String text) {
        if (text.isEmpty()) return DEFAULT_LIMIT;
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw QueryError.badRequest("strconv.Atoi: parsing " + Quoting.quote(text) + ": invalid syntax");
        }
        if (n == 0) return DEFAULT_LIMIT;
        if (n < 0) throw QueryError.badRequest("limit must be a positive value");
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** {@code targetLabels=a,b}: the names given, in order. */
    private static List<String> targetLabels(String param) {
        Set<String> names = new LinkedHashSet<>();
        if (!param.isEmpty()) {
            for (String n : param.split(",")) if (!n.isBlank()) names.add(n.trim());
        }
        return List.copyOf(names);
    }

    private static List<String> matcherNames(List<LabelMatcher> matchers) {
        Set<String> names = new LinkedHashSet<>();
        for (LabelMatcher m : matchers) names.add(m.name());
        return List.copyOf(names);
    }
}

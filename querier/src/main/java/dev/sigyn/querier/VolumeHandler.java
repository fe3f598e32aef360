package dev.sigyn.querier;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.engine.LabeledValue;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code index/volume}: how many bytes of log lines the matching streams hold in the range, summed per value of
 * the target labels ({@code targetLabels}, by default the selector's label names), the largest first, at most
 * {@code limit} (default 100) groups. Answered as a vector at {@code end}, as Loki does.
 */
final class VolumeHandler {
    private static final int DEFAULT_LIMIT = 100;

    private final Vertx vertx;
    private final SourceFanOut sources;
    private final QueryLimits limits;

    VolumeHandler(Vertx vertx, SourceFanOut sources, QueryLimits limits) {
        this.vertx = vertx;
        this.sources = sources;
        this.limits = limits;
    }

    Future<Buffer> volume(Call call) {
        return vertx.executeBlocking(() -> {
            LokiParams.Bounds b = LokiParams.bounds(call.form, call.nowNanos);
            call.startNanos = b.startNanos();
            call.endNanos = b.endNanos();
            call.query = call.form.get("query");
            List<LabelMatcher> matchers = LogQueries.selector(call.query);
            limits.checkQueryLength(b.startNanos(), b.endNanos());
            int limit = limit(call.form.get("limit"));
            List<String> targets = targetLabels(call.form.get("targetLabels"), matchers);

            TenantData data = new TenantData(sources, call.tenant);
            // The index counts every chunk that overlaps [start, end]: the end is inclusive here.
            List<StreamResult> streams = data.select(new StreamQuery(matchers, LineFilter.ALL, b.startNanos(),
                    b.endNanos() + 1, Direction.FORWARD, 0));
            Map<Labels, Long> bytesPerGroup = new HashMap<>();
            for (StreamResult s : streams) {
                long bytes = 0;
                for (Entry e : s.entries()) bytes += Utf8.length(e.line());
                bytesPerGroup.merge(group(s.labels(), targets), bytes, Long::sum);
            }
            List<Map.Entry<Labels, Long>> sorted = new ArrayList<>(bytesPerGroup.entrySet());
            sorted.sort(Map.Entry.<Labels, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<LabeledValue> result = new ArrayList<>();
            for (Map.Entry<Labels, Long> e : sorted.subList(0, Math.min(limit, sorted.size()))) {
                result.add(new LabeledValue(e.getKey(), e.getValue()));
            }
            call.stats = new QueryStats(call.elapsedSeconds(), data.lines, data.bytes, 0, sources.size());
            return LokiJson.queryResponse(new QueryResult.InstantVector(b.endNanos(), result), call.stats);
        }, false);
    }

    private static int limit(String text) {
        if (text.isEmpty()) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(text);
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw QueryError.badRequest("limit must be a positive integer: " + text);
    }

    /** {@code targetLabels=a,b}, or else the label names the selector mentions, in order. */
    private static List<String> targetLabels(String param, List<LabelMatcher> matchers) {
        Set<String> names = new LinkedHashSet<>();
        if (!param.isEmpty()) {
            for (String n : param.split(",")) if (!n.isBlank()) names.add(n.trim());
        } else {
            for (LabelMatcher m : matchers) names.add(m.name());
        }
        return List.copyOf(names);
    }

    private static Labels group(Labels stream, List<String> targets) {
        Map<String, String> kept = new HashMap<>();
        for (String t : targets) {
            String v = stream.get(t);
            if (v != null) kept.put(t, v);
        }
        return Labels.fromMap(kept);
    }
}

package dev.sigyn.querier;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code detected_labels} (Logs Drilldown): the stream labels of the streams a selector matches (every stream when
 * {@code query} is empty), each with its number of distinct values: {@code {"detectedLabels":[{"label":"app",
 * "cardinality":3}]}}, or {@code {}} when there are none. As in Loki, a label whose values all look like ids
 * (numbers or UUIDs) is left out, except {@code cluster}, {@code namespace}, {@code instance} and {@code pod}, and
 * except a label whose values are only {@code 0}/{@code 1} (flags). Loki estimates cardinality with a sketch;
 * Sigyn counts exactly.
 */
final class DetectedLabelsHandler {
    private static final Set<String> ALWAYS_KEPT = Set.of("cluster", "namespace", "instance", "pod");

    private final QueryPool pool;
    private final SourceFanOut sources;
    private final QueryLimits limits;

    DetectedLabelsHandler(QueryPool pool, SourceFanOut sources, QueryLimits limits) {
        this.pool = pool;
        this.sources = sources;
        this.limits = limits;
    }

    Future<Buffer> labels(Call call) {
        return pool.run(call, () -> {
            LokiParams.Bounds b = LokiParams.bounds(call.form, call.nowNanos);
            if (b.endNanos() < b.startNanos()) {
                throw QueryError.badRequest("end timestamp must not be before or equal to start time");
            }
            call.startNanos = b.startNanos();
            call.endNanos = b.endNanos();
            call.query = call.form.get("query");
            limits.checkQueryLength(call.tenant, b.startNanos(), b.endNanos());
            return call.query.isEmpty() ? List.<LabelMatcher>of() : LogQueries.selector(call.query);
        }).compose(matchers -> sources.ask(call, source -> source.series(call.tenant, matchers, call.startNanos,
                call.endNanos + 1))).compose(perSource -> pool.run(call, () -> answer(perSource)));
    }

    private static Buffer answer(List<Set<Labels>> perSource) {
        Map<String, Set<String>> values = new TreeMap<>();
        for (Set<Labels> series : perSource) {
            for (Labels labels : series) {
                for (Label l : labels.asList()) values.computeIfAbsent(l.name(), n -> new HashSet<>()).add(l.value());
            }
        }
        values.entrySet().removeIf(e -> !ALWAYS_KEPT.contains(e.getKey()) && IdValues.reject(e.getValue()));
        return LokiJson.write(g -> {
            g.writeStartObject();
            if (!values.isEmpty()) {
                g.writeArrayFieldStart("detectedLabels");
                for (Map.Entry<String, Set<String>> e : values.entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("label", LokiJson.safe(e.getKey()));
                    g.writeNumberField("cardinality", e.getValue().size());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }).appendString("\n");
    }
}

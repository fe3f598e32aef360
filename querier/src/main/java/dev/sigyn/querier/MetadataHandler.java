package dev.sigyn.querier;

import dev.sigyn.logql.Label;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code labels}, {@code label/{name}/values} and {@code series}, all derived from the series (label sets) that
 * the sources hold in the requested range.
 */
final class MetadataHandler {
    private final QueryPool pool;
    private final SourceFanOut sources;
    private final QueryLimits limits;

    MetadataHandler(QueryPool pool, SourceFanOut sources, QueryLimits limits) {
        this.pool = pool;
        this.sources = sources;
        this.limits = limits;
    }

    Future<Buffer> labelNames(Call call) {
        return seriesOf(call, selectorGroups(call)).compose(perSource -> pool.run(call, () -> {
            TreeSet<String> names = new TreeSet<>();
            for (Labels labels : union(perSource)) for (Label l : labels.asList()) names.add(l.name());
            return labelAnswer(call, names);
        }));
    }

    Future<Buffer> labelValues(Call call, String name) {
        return seriesOf(call, selectorGroups(call)).compose(perSource -> pool.run(call, () -> {
            TreeSet<String> values = new TreeSet<>();
            for (Labels labels : union(perSource)) {
                String v = labels.get(name);
                if (v != null) values.add(v);
            }
            return labelAnswer(call, values);
        }));
    }

    Future<Buffer> series(Call call) {
        return seriesOf(call, matchGroups(call)).compose(perSource -> pool.run(call, () -> {
            List<Labels> sorted = new ArrayList<>(union(perSource));
            sorted.sort(null);
            return LokiJson.seriesResponse(sorted);
        }));
    }

    /** Names or values in the v1 shape, or {@code {"values":[…]}} on the legacy {@code /api/prom/label} paths. */
    private static Buffer labelAnswer(Call call, java.util.Collection<String> values) {
        return call.legacy ? LokiJson.legacyLabelResponse(values) : LokiJson.labelResponse(values);
    }

    /** Matcher groups of labels and label values: the optional {@code query} selector, else every stream. */
    private static Callable<List<List<LabelMatcher>>> selectorGroups(Call call) {
        return () -> {
            call.query = call.form.get("query");
            return List.of(call.query.isEmpty() ? List.of() : LogQueries.selector(call.query));
        };
    }

    /**
     * Matcher groups of {@code series}: every {@code match[]} (and {@code match}) selector, deduplicated. Like Loki,
     * none at all or a lone {@code {}} selects every stream.
     */
    private static Callable<List<List<LabelMatcher>>> matchGroups(Call call) {
        return () -> {
            TreeSet<String> selectors = new TreeSet<>(call.form.all("match"));
            selectors.addAll(call.form.all("match[]"));
            call.query = String.join(" ", selectors);
            if (selectors.size() == 1 && selectors.first().replace(" ", "").equals("{}")) selectors.clear();
            if (selectors.isEmpty()) return List.of(List.of());
            List<List<LabelMatcher>> groups = new ArrayList<>();
            for (String s : selectors) groups.add(LogQueries.seriesSelector(s));
            return groups;
        };
    }

    /** Each source's series matching any group in the request's time range (several sources may hold a series). */
    private Future<List<Set<Labels>>> seriesOf(Call call, Callable<List<List<LabelMatcher>>> groupsOf) {
        return pool.run(call, () -> {
            LokiParams.Bounds b = LokiParams.bounds(call.form, call.nowNanos);
            call.startNanos = b.startNanos();
            call.endNanos = b.endNanos();
            List<List<LabelMatcher>> groups = groupsOf.call();
            limits.checkQueryLength(call.tenant, b.startNanos(), b.endNanos());
            return groups;
        }).compose(groups -> sources.ask(call, source -> {
            Set<Labels> found = new HashSet<>();
            for (List<LabelMatcher> g : groups) found.addAll(source.series(call.tenant, g, call.startNanos, call.endNanos));
            return found;
        }));
    }

    private static Set<Labels> union(List<Set<Labels>> perSource) {
        if (perSource.size() == 1) return perSource.getFirst();
        Set<Labels> all = new HashSet<>();
        for (Set<Labels> s : perSource) all.addAll(s);
        return all;
    }
}

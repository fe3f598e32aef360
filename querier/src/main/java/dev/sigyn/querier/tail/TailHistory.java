package dev.sigyn.querier.tail;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.eval.LogQueryEvaluator;
import dev.sigyn.logql.eval.LineData;
import dev.sigyn.logql.source.LogLineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.LogSelectorExpr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

/**
 * The lines a tail sends before the live ones, as Loki does: the last {@code limit} lines from {@code start} up to the
 * moment the tail began, pipeline applied, oldest first. Blocking: run on a worker.
 */
final class TailHistory {
    private TailHistory() {}

    static List<TailedEntry> read(List<LogSource> sources, String tenant, TailRequest request, long endNanos)
            throws IOException {
        if (request.startNanos() >= endNanos) return List.of();
        List<StreamResult> streams = new LogQueryEvaluator(new AllSources(sources, tenant))
                .evaluate(request.query(), request.startNanos(), endNanos, Direction.BACKWARD, request.limit());
        List<TailedEntry> out = new ArrayList<>();
        for (StreamResult s : streams) {
            for (Entry e : s.entries()) out.add(new TailedEntry(s.labels(), e.timestampNanos(), e.line()));
        }
        out.sort(Comparator.comparingLong(TailedEntry::timestampNanos));
        return out;
    }

    /** Every source asked in turn; an entry held by two of them (ingester memory and store) counts once. */
    private record AllSources(List<LogSource> sources, String tenant) implements LineData {
        @Override
        public void selectLines(StreamQuery query, LogSelectorExpr pipeline, LogLineSink answer) throws IOException {
            for (LogSource source : sources) source.selectLines(tenant, query, pipeline, answer);
        }
    }
}

package dev.sigyn.querier.patterns;

import dev.sigyn.logql.source.ListedLogSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternsHandlerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * SECOND; // a whole minute
    private static final Labels WEB = Labels.of("app", "web");
    private static final Labels DB = Labels.of("app", "db");

    /** A source over fixed streams that answers a query as the real sources do. */
    private record FixedSource(List<StreamResult> streams) implements ListedLogSource {
        @Override
        public List<StreamResult> select(String tenant, StreamQuery q) {
            List<StreamResult> out = new ArrayList<>();
            for (StreamResult s : streams) {
                if (!q.matchers().stream().allMatch(m -> m.matches(s.labels()))) continue;
                List<Entry> in = new ArrayList<>(s.entries().stream()
                        .filter(e -> e.timestampNanos() >= q.startNanos() && e.timestampNanos() < q.endNanos()).toList());
                in.sort(Comparator.comparingLong(Entry::timestampNanos).reversed());
                if (q.limit() > 0 && in.size() > q.limit()) in = new ArrayList<>(in.subList(0, q.limit()));
                if (!in.isEmpty()) out.add(new StreamResult(s.labels(), in));
            }
            return out;
        }

        @Override
        public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long start, long end) {
            return Set.of();
        }
    }

    private static List<Entry> requests(int n, long from) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Entry(from + i * SECOND, "10.0.0." + i + " - - [01/Nov/2026:00:00:0" + (i % 10)
                    + " +0000] \"GET /item/" + i + " HTTP/1.1\" 200 " + (100 + i)));
        }
        return out;
    }

    private JsonNode patterns(List<LogSource> sources, String selector, long start, long end, long step) throws Exception {
        String body = new PatternsHandler(sources)
                .patterns(QueryContext.none(), "t", Parser.parseSelector(selector), start, end, step).toString();
        return new ObjectMapper().readTree(body);
    }

    @Test
    void answersLokisShapeWithNumericSamples() throws Exception {
        LogSource source = new FixedSource(List.of(new StreamResult(WEB, requests(90, T0))));
        JsonNode answer = patterns(List.of(source), "{app=\"web\"}", T0, T0 + 3600 * SECOND, 60 * SECOND);
        assertEquals("success", answer.get("status").asText());
        JsonNode data = answer.get("data");
        assertEquals(1, data.size(), data::toString);
        JsonNode p = data.get(0);
        assertEquals(List.of("pattern", "level", "samples"), iterable(p.fieldNames()));
        assertEquals("<_> - - [<_> +0000] \"GET <_> HTTP/1.1\" 200 <_>", p.get("pattern").asText());
        assertEquals("unknown", p.get("level").asText());
        JsonNode samples = p.get("samples");
        assertEquals(2, samples.size());
        assertTrue(samples.get(0).get(0).isIntegralNumber() && samples.get(0).get(1).isIntegralNumber(), samples::toString);
        assertEquals(T0 / SECOND, samples.get(0).get(0).asLong());
        assertEquals(60, samples.get(0).get(1).asLong());
        assertEquals(T0 / SECOND + 60, samples.get(1).get(0).asLong());
        assertEquals(30, samples.get(1).get(1).asLong());
    }

    @Test
    void linesHeldByTwoSourcesAreCountedOnceAndOnlySelectedStreamsInRangeCount() throws Exception {
        List<Entry> web = requests(40, T0);
        LogSource memory = new FixedSource(List.of(new StreamResult(WEB, web),
                new StreamResult(DB, List.of(new Entry(T0, "checkpoint complete: wrote 12 buffers")))));
        LogSource store = new FixedSource(List.of(new StreamResult(WEB, web.subList(0, 25))));
        JsonNode data = patterns(List.of(memory, store), "{app=\"web\"}", T0 + 5 * SECOND, T0 + 3600 * SECOND,
                3600 * SECOND).get("data");
        long total = 0;
        for (JsonNode p : data) for (JsonNode s : p.get("samples")) total += s.get(1).asLong();
        assertEquals(35, total);
    }

    @Test
    void onlyTheNewestLinesAreMinedWhenThereAreTooMany() throws Exception {
        LogSource source = new FixedSource(List.of(new StreamResult(WEB, requests(100, T0)),
                new StreamResult(DB, requests(100, T0 + SECOND / 2))));
        List<RecentLines.Line> lines = new RecentLines(List.of(source), 30)
                .newest(QueryContext.none(), "t", Parser.parseSelector("{app=~\".+\"}"), T0, T0 + 1000 * SECOND);
        assertEquals(30, lines.size());
        assertEquals(T0 + 85 * SECOND, lines.getFirst().entry().timestampNanos());
        assertEquals(T0 + 99 * SECOND + SECOND / 2, lines.getLast().entry().timestampNanos());
    }

    @Test
    void anEmptyRangeHasNoPatterns() throws Exception {
        LogSource source = new FixedSource(List.of(new StreamResult(WEB, requests(10, T0))));
        assertEquals(0, patterns(List.of(source), "{app=\"web\"}", T0 + 100 * SECOND, T0 + 200 * SECOND, SECOND)
                .get("data").size());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}

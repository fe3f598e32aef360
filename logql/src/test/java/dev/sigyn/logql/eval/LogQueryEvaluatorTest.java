package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogQueryEvaluatorTest {
    private static final long S = 1_000_000_000L;
    private static final long T = 1_000 * S;
    private static final Labels A = Labels.of("app", "a");
    private static final Labels B = Labels.of("app", "b");

    /** Streams in memory honouring matchers, filter and [start, end), forward order; remembers the queries. */
    private static final class Streams extends ListSampleData {
        final Map<Labels, List<Entry>> streams = new LinkedHashMap<>();
        final List<StreamQuery> asked = new ArrayList<>();

        Streams add(Labels labels, Entry e) {
            streams.computeIfAbsent(labels, l -> new ArrayList<>()).add(e);
            return this;
        }

        @Override
        List<StreamResult> select(StreamQuery q) {
            asked.add(q);
            List<StreamResult> out = new ArrayList<>();
            streams.forEach((labels, entries) -> {
                for (LabelMatcher m : q.matchers()) if (!m.matches(labels)) return;
                List<Entry> kept = new ArrayList<>();
                for (Entry e : entries) {
                    if (e.timestampNanos() >= q.startNanos() && e.timestampNanos() < q.endNanos()
                            && q.filter().test(e.line().getBytes(StandardCharsets.UTF_8))) kept.add(e);
                }
                if (!kept.isEmpty()) out.add(new StreamResult(labels, kept));
            });
            return out;
        }
    }

    private static List<StreamResult> eval(Streams data, String query, Direction direction, int limit) throws Exception {
        return new LogQueryEvaluator(data).evaluate((LogSelectorExpr) Parser.parseExpr(query), T, T + 100 * S,
                direction, limit);
    }

    @Test
    void entriesAreRegroupedByTheLabelsThePipelineLeavesThem() throws Exception {
        Streams data = new Streams()
                .add(A, new Entry(T + S, "level=error"))
                .add(B, new Entry(T + 2 * S, "level=error"))
                .add(A, new Entry(T + 3 * S, "level=info"));
        List<StreamResult> r = eval(data, "{app=~\"a|b\"} | logfmt | drop app", Direction.FORWARD, 10);
        assertEquals(List.of(
                new StreamResult(Labels.of("level", "error"), List.of(new Entry(T + S, "level=error"),
                        new Entry(T + 2 * S, "level=error"))),
                new StreamResult(Labels.of("level", "info"), List.of(new Entry(T + 3 * S, "level=info")))), r);
    }

    @Test
    void theLimitKeepsTheFirstEntriesInTheDirectionAfterTheLabelFilters() throws Exception {
        Streams data = new Streams()
                .add(A, new Entry(T + S, "x=1"))
                .add(A, new Entry(T + 2 * S, "x=2"))
                .add(B, new Entry(T + 3 * S, "x=3"))
                .add(B, new Entry(T + 4 * S, "x=9"));
        List<StreamResult> r = eval(data, "{app=~\"a|b\"} | logfmt | x < 5 | line_format \"{{.x}}\"",
                Direction.BACKWARD, 2);
        assertEquals(List.of(
                new StreamResult(Labels.of("app", "a", "x", "2"), List.of(new Entry(T + 2 * S, "2"))),
                new StreamResult(Labels.of("app", "b", "x", "3"), List.of(new Entry(T + 3 * S, "3")))), r);
        assertEquals(0, data.asked.getFirst().limit(), "no limit may reach the sources before the label filter");
    }

    @Test
    void structuredMetadataJoinsTheOutputLabels() throws Exception {
        Streams data = new Streams().add(A, new Entry(T + S, "hello", Labels.of("trace_id", "t1")));
        List<StreamResult> r = eval(data, "{app=\"a\"} | trace_id=\"t1\"", Direction.FORWARD, 10);
        assertEquals(List.of(new StreamResult(Labels.of("app", "a", "trace_id", "t1"),
                List.of(new Entry(T + S, "hello")))), r);
    }

    @Test
    void onlyLeadingLineFiltersArePushedDown() throws Exception {
        Streams data = new Streams()
                .add(A, new Entry(T + S, "keep level=info"))
                .add(A, new Entry(T + 2 * S, "drop level=info"));
        List<StreamResult> r = eval(data, "{app=\"a\"} |= \"keep\" | logfmt | line_format \"{{.level}}\" |= \"info\"",
                Direction.FORWARD, 10);
        assertEquals(1, r.size());
        assertEquals(List.of(new Entry(T + S, "info")), r.getFirst().entries());
        StreamQuery q = data.asked.getFirst();
        assertTrue(q.filter().test("keep".getBytes(StandardCharsets.UTF_8)));
        assertFalse(q.filter().test("drop".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anInvalidPipelineIsAParseErrorBeforeAnythingIsRead() {
        Streams data = new Streams().add(A, new Entry(T + S, "x"));
        assertThrows(ParseException.class, () -> eval(data, "{app=\"a\"} | regexp \"(unclosed\"", Direction.FORWARD, 10));
        assertTrue(data.asked.isEmpty());
    }
}

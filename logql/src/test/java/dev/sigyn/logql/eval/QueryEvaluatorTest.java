package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.EvaluationException;
import dev.sigyn.logql.engine.LabeledValue;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.syntax.SampleExpr;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryEvaluatorTest {
    private static final long S = 1_000_000_000L;
    private static final long T = 1_000 * S;
    private static final Labels WEB_1 = Labels.of("app", "web", "instance", "1");
    private static final Labels WEB_2 = Labels.of("app", "web", "instance", "2");
    private static final Labels API = Labels.of("app", "api");

    /** Streams in memory that honour StreamQuery (matchers, filter, [start, end), limit ≤ 0 = all); remembers queries. */
    private static final class Streams extends ListSampleData {
        final Map<Labels, List<Entry>> streams = new LinkedHashMap<>();
        final List<StreamQuery> asked = new ArrayList<>();

        Streams add(Labels labels, long ts, String line) {
            streams.computeIfAbsent(labels, l -> new ArrayList<>()).add(new Entry(ts, line));
            return this;
        }

        @Override
        List<StreamResult> select(StreamQuery q) {
            asked.add(q);
            assertEquals(Direction.FORWARD, q.direction());
            List<StreamResult> out = new ArrayList<>();
            streams.forEach((labels, entries) -> {
                for (LabelMatcher m : q.matchers()) if (!m.matches(labels)) return;
                List<Entry> kept = new ArrayList<>();
                for (Entry e : entries) {
                    if (e.timestampNanos() >= q.startNanos() && e.timestampNanos() < q.endNanos()
                            && q.filter().test(e.line().getBytes(StandardCharsets.UTF_8))) kept.add(e);
                }
                if (q.limit() > 0 && kept.size() > q.limit()) kept = kept.subList(0, q.limit());
                if (!kept.isEmpty()) out.add(new StreamResult(labels, kept));
            });
            return out;
        }
    }

    private static QueryResult eval(Streams data, String query, Steps steps) throws Exception {
        return new QueryEvaluator(data, 0).evaluate((SampleExpr) Parser.parseExpr(query), steps);
    }

    @Test
    void windowsAreOpenAtTheOldEndAndClosedAtTheNewEnd() throws Exception {
        Streams data = new Streams()
                .add(WEB_1, T - 60 * S, "at the open edge")
                .add(WEB_1, T - 60 * S + 1, "just inside")
                .add(WEB_1, T, "at the closed edge")
                .add(WEB_1, T + 1, "after");
        QueryResult r = eval(data, "count_over_time({app=\"web\"}[1m])", Steps.instant(T));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(WEB_1, 2))), r);
        StreamQuery q = data.asked.getFirst();
        assertEquals(T - 60 * S + 1, q.startNanos());
        assertEquals(T + 1, q.endNanos());
    }

    @Test
    void rangeQueryCountsPerStepAndSortsSeriesByLabels() throws Exception {
        Streams data = new Streams()
                .add(WEB_2, T + 5 * S, "b")
                .add(WEB_1, T + 5 * S, "a")
                .add(WEB_1, T + 15 * S, "a")
                .add(API, T + 5 * S, "not selected");
        QueryResult r = eval(data, "count_over_time({app=\"web\"}[10s])", Steps.range(T, T + 20 * S, 10 * S));
        assertEquals(new QueryResult.Matrix(List.of(
                new Series(WEB_1, List.of(new Sample(T + 10 * S, 1), new Sample(T + 20 * S, 1))),
                new Series(WEB_2, List.of(new Sample(T + 10 * S, 1))))), r);
    }

    @Test
    void lineFiltersAndOffsetNarrowWhatIsCounted() throws Exception {
        Streams data = new Streams()
                .add(WEB_1, T - 90 * S, "GET /a")
                .add(WEB_1, T - 80 * S, "POST /b")
                .add(WEB_1, T - 10 * S, "POST /c");
        QueryResult r = eval(data, "count_over_time({app=\"web\"} |= \"POST\" [1m] offset 1m)", Steps.instant(T));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(WEB_1, 1))), r);
    }

    @Test
    void bytesFunctionsSumTheUtf8SizeOfLinesAndRatesDivideByTheRange() throws Exception {
        Streams data = new Streams()
                .add(API, T - 2 * S, "é")      // 2 bytes
                .add(API, T - S, "a😀");        // 1 + 4 bytes
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(API, 7))),
                eval(data, "bytes_over_time({app=\"api\"}[10s])", Steps.instant(T)));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(API, 0.7))),
                eval(data, "bytes_rate({app=\"api\"}[10s])", Steps.instant(T)));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(API, 0.2))),
                eval(data, "rate({app=\"api\"}[10s])", Steps.instant(T)));
    }

    @Test
    void absentOverTimeReportsTheSelectorsEqualityLabelsWhereNothingMatched() throws Exception {
        Streams data = new Streams().add(WEB_1, T + 5 * S, "x");
        QueryResult r = eval(data, "absent_over_time({app=\"web\", instance=\"1\"}[10s])", Steps.range(T, T + 20 * S, 10 * S));
        // Only the window (T, T + 10s] holds a line.
        assertEquals(new QueryResult.Matrix(List.of(new Series(WEB_1,
                List.of(new Sample(T, 1), new Sample(T + 20 * S, 1))))), r);
    }

    @Test
    void aggregationsAndArithmeticWithNumbersOnEitherSide() throws Exception {
        Streams data = new Streams()
                .add(WEB_1, T - S, "a")
                .add(WEB_2, T - S, "b")
                .add(WEB_2, T - 2 * S, "c");
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(Labels.EMPTY, 6))),
                eval(data, "sum(count_over_time({app=\"web\"}[1m])) * 2", Steps.instant(T)));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(Labels.EMPTY, -1))),
                eval(data, "(1 + 1) - sum(count_over_time({app=\"web\"}[1m]))", Steps.instant(T)));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(WEB_2, 2))),
                eval(data, "count_over_time({app=\"web\"}[1m]) > 1", Steps.instant(T)));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(Labels.of("instance", "2"), 2))),
                eval(data, "sum by (instance) (count_over_time({app=\"web\"}[1m])) and on (instance) "
                        + "count_over_time({instance=\"2\"}[1m])", Steps.instant(T)));
    }

    @Test
    void sortKeepsItsOrderInInstantResultsOtherwiseElementsAreSortedByLabels() throws Exception {
        Streams data = new Streams()
                .add(WEB_1, T - S, "a")
                .add(WEB_2, T - S, "b")
                .add(WEB_2, T - 2 * S, "c");
        assertEquals(List.of(new LabeledValue(WEB_2, 2), new LabeledValue(WEB_1, 1)),
                ((QueryResult.InstantVector) eval(data, "sort_desc(count_over_time({app=\"web\"}[1m]))",
                        Steps.instant(T))).elements());
        assertEquals(List.of(new LabeledValue(WEB_1, 1), new LabeledValue(WEB_2, 2)),
                ((QueryResult.InstantVector) eval(data, "topk(2, count_over_time({app=\"web\"}[1m]))",
                        Steps.instant(T))).elements());
    }

    @Test
    void numberOnlyQueriesFoldIntoAScalarOrAConstantSeries() throws Exception {
        Streams data = new Streams();
        assertEquals(new QueryResult.Scalar(T, 7), eval(data, "1 + 2 * 3", Steps.instant(T)));
        QueryResult.Scalar nan = (QueryResult.Scalar) eval(data, "(1 + 2) / 0", Steps.instant(T));
        assertTrue(Double.isNaN(nan.value()));
        assertEquals(new QueryResult.Matrix(List.of(new Series(Labels.EMPTY,
                        List.of(new Sample(T, 2), new Sample(T + 10 * S, 2))))),
                eval(data, "1 + 1", Steps.range(T, T + 10 * S, 10 * S)));
        assertTrue(data.asked.isEmpty(), "numbers read no data");
    }

    @Test
    void vectorIsALabelFreeElementAtEveryStep() throws Exception {
        assertEquals(new QueryResult.InstantVector(4000 * S, List.of(new LabeledValue(Labels.EMPTY, 2))),
                eval(new Streams(), "vector(1) + vector(1)", Steps.instant(4000 * S)));
        assertEquals(new QueryResult.Matrix(List.of(new Series(Labels.EMPTY,
                        List.of(new Sample(T, 0), new Sample(T + 10 * S, 0))))),
                eval(new Streams(), "sum(count_over_time({app=\"none\"}[1m])) or vector(0)",
                        Steps.range(T, T + 10 * S, 10 * S)));
    }

    @Test
    void labelReplaceRewritesSeriesLabels() throws Exception {
        Streams data = new Streams().add(WEB_1, T - S, "a");
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(
                        Labels.of("app", "web", "instance", "1", "n", "i1"), 1))),
                eval(data, "label_replace(count_over_time({app=\"web\"}[1m]), \"n\", \"i$1\", \"instance\", \"(.*)\")",
                        Steps.instant(T)));
    }

    @Test
    void parserStagesAndLabelFiltersDecideWhatIsCountedAndTheSeries() throws Exception {
        Streams data = new Streams()
                .add(API, T - 30 * S, "{\"level\":\"error\",\"n\":\"1\"}")
                .add(API, T - 20 * S, "{\"level\":\"info\",\"n\":\"2\"}")
                .add(API, T - 10 * S, "{\"level\":\"error\",\"n\":\"3\"}");
        QueryResult r = eval(data, "sum by (level) (count_over_time({app=\"api\"} | json | level=\"error\" [1m]))",
                Steps.instant(T));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(Labels.of("level", "error"), 2))), r);
        // Without grouping every extracted label is part of the series.
        QueryResult all = eval(data, "count_over_time({app=\"api\"} | json | n=\"2\" [1m])", Steps.instant(T));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(
                Labels.of("app", "api", "level", "info", "n", "2"), 1))), all);
    }

    @Test
    void unwrapTurnsALabelIntoTheSampleValueAndLeavesItOutOfTheSeries() throws Exception {
        Streams data = new Streams()
                .add(API, T - 30 * S, "n=4")
                .add(API, T - 20 * S, "n=6")
                .add(API, T - 10 * S, "other=1");
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(API, 10))),
                eval(data, "sum_over_time({app=\"api\"} | logfmt | unwrap n [1m])", Steps.instant(T)));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(API, 10.0 / 60))),
                eval(data, "rate({app=\"api\"} | logfmt | unwrap n [1m])", Steps.instant(T)));
    }

    @Test
    void onlyTheLeadingLineFiltersArePushedToTheSources() throws Exception {
        Streams data = new Streams()
                .add(API, T - 30 * S, "level=error msg=boom")
                .add(API, T - 20 * S, "level=info msg=boom");
        QueryResult r = eval(data, "count_over_time({app=\"api\"} |= \"boom\" | logfmt | line_format \"{{.level}}\""
                + " |= \"error\" [1m])", Steps.instant(T));
        assertEquals(new QueryResult.InstantVector(T, List.of(new LabeledValue(
                Labels.of("app", "api", "level", "error", "msg", "boom"), 1))), r);
        StreamQuery q = data.asked.getFirst();
        assertTrue(q.filter().test("level=info msg=boom".getBytes(StandardCharsets.UTF_8)));
        assertTrue(!q.filter().test("level=error msg=fine".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tooManySeriesFailWithLokisMessage() throws Exception {
        Streams data = new Streams().add(WEB_1, T - S, "a").add(WEB_2, T - S, "b");
        SampleExpr expr = (SampleExpr) Parser.parseExpr("count_over_time({app=\"web\"}[1m])");
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> new QueryEvaluator(data, 1).evaluate(expr, Steps.instant(T)));
        assertEquals("maximum of series (1) reached for a single query", e.getMessage());
        assertInstanceOf(QueryResult.InstantVector.class, new QueryEvaluator(data, 2).evaluate(expr, Steps.instant(T)));
    }
}

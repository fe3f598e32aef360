package dev.sigyn.logql.eval;

import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.QueryCancelledException;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.engine.QueryResult;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.syntax.SampleExpr;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the evaluators hold counts against the query's memory budget, and they stop soon after a cancellation. */
class QueryBoundsTest {
    private static final long S = 1_000_000_000L;
    private static final long T = 1_000_000 * S;
    private static final int LINES = 20_000;

    /** One stream of a line per millisecond before T, read for a query with the given context; counts lines handed out. */
    private static final class OneBusyStream extends ListSampleData {
        final QueryContext context;
        /** The line after which the data cancels its query (as a client leaving would), or -1. */
        final int cancelAfter;
        int delivered;

        OneBusyStream(QueryContext context, int cancelAfter) {
            this.context = context;
            this.cancelAfter = cancelAfter;
        }

        @Override
        public QueryContext context() {
            return context;
        }

        @Override
        List<StreamResult> select(StreamQuery query) {
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < LINES; i++) {
                long ts = T - LINES * 1_000_000L + i * 1_000_000L;
                if (ts >= query.startNanos() && ts < query.endNanos()) entries.add(new Entry(ts, "level=info n=" + i));
            }
            return List.of(new StreamResult(Labels.of("app", "busy"), entries));
        }

        @Override
        void scan(StreamQuery query, StreamSink sink) {
            LineSink lines = sink.open(Labels.of("app", "busy"));
            for (Entry e : select(query).getFirst().entries()) {
                byte[] line = e.line().getBytes(StandardCharsets.UTF_8);
                lines.accept(e.timestampNanos(), line, 0, line.length, Labels.EMPTY);
                if (++delivered == cancelAfter) context.cancel(new IllegalStateException("client gone"));
            }
            lines.end();
        }
    }

    private static QueryResult metric(SampleData data, String query) throws Exception {
        return new QueryEvaluator(data, 0).evaluate((SampleExpr) Parser.parseExpr(query), Steps.instant(T));
    }

    @Test
    void samplesBeyondTheBudgetStopTheMetricQueryNamingTheLimit() {
        // 20,000 samples of ~40 bytes each need far more than 100 KiB.
        OneBusyStream data = new OneBusyStream(QueryContext.of(100 << 10), -1);
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> metric(data, "count_over_time({app=\"busy\"}[1m])"));
        assertTrue(e.getMessage().contains("max_query_memory_bytes"), e.getMessage());
        assertTrue(data.context.isCancelled());
    }

    @Test
    void theSameQueryUnderALargerBudgetAnswers() throws Exception {
        QueryResult r = metric(new OneBusyStream(QueryContext.of(8 << 20), -1),
                "sum(count_over_time({app=\"busy\"}[1m]))");
        assertEquals((double) LINES, ((QueryResult.InstantVector) r).elements().getFirst().value());
    }

    @Test
    void aMetricQueryStopsWithinAFewThousandLinesOfItsCancellation() {
        OneBusyStream data = new OneBusyStream(QueryContext.of(0), 100);
        QueryCancelledException e = assertThrows(QueryCancelledException.class,
                () -> metric(data, "count_over_time({app=\"busy\"}[1m])"));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        // The data source kept feeding lines; the evaluator gave up at its next check instead of counting them all.
        assertTrue(data.delivered <= 100 + SampleExtraction.LINES_PER_CHECK, "took " + data.delivered + " lines");
    }

    @Test
    void linesALogQueryKeepsBeyondTheBudgetStopIt() {
        OneBusyStream data = new OneBusyStream(QueryContext.of(100 << 10), -1);
        LogSelectorExpr selector = (LogSelectorExpr) Parser.parseExpr("{app=\"busy\"} | logfmt");
        // A limit as large as the stream: every line is kept, and they need far more than 100 KiB.
        assertThrows(LimitExceededException.class, () -> new LogQueryEvaluator(data)
                .evaluate(selector, T - 60 * S, T, Direction.BACKWARD, LINES));
    }

    @Test
    void aLogQueryChecksItsCancellationBetweenStreams() {
        OneBusyStream data = new OneBusyStream(QueryContext.of(0), -1);
        data.context.cancel(new IllegalStateException("deadline"));
        LogSelectorExpr selector = (LogSelectorExpr) Parser.parseExpr("{app=\"busy\"} | logfmt");
        assertThrows(QueryCancelledException.class, () -> new LogQueryEvaluator(data)
                .evaluate(selector, T - 60 * S, T, Direction.BACKWARD, 100));
    }
}

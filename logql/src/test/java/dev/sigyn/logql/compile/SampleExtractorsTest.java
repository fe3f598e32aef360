package dev.sigyn.logql.compile;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.pipeline.SampleExtractor;
import dev.sigyn.logql.syntax.Grouping;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.syntax.RangeAggregationExpr;
import dev.sigyn.logql.syntax.VectorAggregationExpr;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleExtractorsTest {
    private static final Labels STREAM = Labels.of("app", "worker", "env", "prod");

    private static RangeAggregationExpr range(String query) {
        return (RangeAggregationExpr) Parser.parseExpr(query);
    }

    /** The value and series of one line, or null when it gives no sample. */
    private record Sample(double value, String series) {
    }

    private static Sample sample(SampleExtractors.Compiled compiled, String line) {
        SampleExtractor.ForStream s = compiled.extractor().forStream(STREAM);
        if (!s.process(1, line, Labels.EMPTY)) return null;
        return new Sample(s.value(), compiled.seriesLabels().of(s.labels()).toString());
    }

    private static Sample sample(String query, String line) {
        return sample(SampleExtractors.compile(range(query), null), line);
    }

    @Test
    void lineFunctionsCountLinesOrBytes() {
        assertEquals(1, sample("count_over_time({app=\"worker\"} |= \"x\" [5m])", "abcx").value());
        assertEquals(1, sample("rate({app=\"worker\"} [5m])", "abcx").value());
        assertEquals(4, sample("bytes_over_time({app=\"worker\"} [5m])", "abcx").value());
        assertEquals(2, sample("bytes_rate({app=\"worker\"} | line_format \"ab\" [5m])", "abcx").value());
        assertEquals(null, sample("count_over_time({app=\"worker\"} |= \"y\" [5m])", "abcx"));
    }

    @Test
    void unwrapConvertsTheLabelAndLeavesItOutOfTheSeries() {
        Sample s = sample("sum_over_time({app=\"worker\"} | logfmt | unwrap duration(took) [5m])", "took=1.5s q=a");
        assertEquals(1.5, s.value());
        assertEquals("{app=\"worker\", env=\"prod\", q=\"a\"}", s.series());
        Sample bytes = sample("max_over_time({app=\"worker\"} | logfmt | unwrap bytes(size) [5m]) by (q)", "size=2KiB q=a");
        assertEquals(2048, bytes.value());
        assertEquals("{q=\"a\"}", bytes.series());
        Sample kept = sample("max_over_time({app=\"worker\"} | logfmt | unwrap n [5m]) by (n)", "n=3 q=a");
        assertEquals("{n=\"3\"}", kept.series());
        Sample without = sample("max_over_time({app=\"worker\"} | logfmt | unwrap n [5m]) without (env)", "n=3 q=a");
        assertEquals("{app=\"worker\", q=\"a\"}", without.series());
    }

    @Test
    void unconvertibleValuesCarryAnErrorThatPostFiltersCanDrop() {
        Sample s = sample("sum_over_time({app=\"worker\"} | logfmt | unwrap n [5m])", "n=abc");
        assertEquals(0, s.value());
        assertTrue(s.series().contains("__error__=\"SampleExtractionErr\""), s.series());
        assertEquals(null, sample("sum_over_time({app=\"worker\"} | logfmt | unwrap n | __error__=\"\" [5m])", "n=abc"));
        assertEquals(null, sample("sum_over_time({app=\"worker\"} | logfmt | unwrap n [5m])", "m=1"));
    }

    @Test
    void anEnclosingSumWithoutGroupingLetsParsersSkipTheLine() {
        VectorAggregationExpr sum = (VectorAggregationExpr) Parser.parseExpr(
                "sum(count_over_time({app=\"worker\"} | json [5m]))");
        RangeAggregationExpr inner = (RangeAggregationExpr) sum.inner();
        // Alone, the broken JSON gives an error in the series labels ...
        assertTrue(sample(SampleExtractors.compile(inner, null), "{broken").series().contains("JSONParserErr"));
        // ... but under sum() Loki needs no label, does not parse, and finds no error.
        Sample pushed = sample(SampleExtractors.compile(inner, sum.grouping()), "{broken");
        assertEquals("{}", pushed.series());
        // An __error__ filter is a label the query needs: the parser runs again.
        RangeAggregationExpr filtered = range("count_over_time({app=\"worker\"} | json | __error__=\"\" [5m])");
        assertEquals(null, sample(SampleExtractors.compile(filtered, Grouping.NONE), "{broken"));
    }

    @Test
    void byGroupingHintsTheParsers() {
        SampleExtractors.Compiled c = SampleExtractors.compile(
                range("count_over_time({app=\"worker\"} | json | status >= 500 [5m])"),
                new Grouping(false, java.util.List.of("level")));
        SampleExtractor.ForStream s = c.extractor().forStream(STREAM);
        assertTrue(s.process(1, "{\"level\":\"error\",\"status\":503,\"msg\":\"m\"}", Labels.EMPTY));
        assertEquals("{level=\"error\"}", c.seriesLabels().of(s.labels()).toString());
        assertFalse(s.labels().labels().toMap().containsKey("msg"), "msg is not needed, so not extracted");
        assertFalse(s.process(2, "{\"level\":\"error\",\"status\":200}", Labels.EMPTY));
    }

    @Test
    void wholeLabelSetTemplatesDisableHints() {
        SampleExtractors.Compiled c = SampleExtractors.compile(
                range("count_over_time({app=\"worker\"} | json | line_format `{{ range $k, $v := . }}{{$k}} {{end}}` [5m])"),
                new Grouping(false, java.util.List.of("level")));
        SampleExtractor.ForStream s = c.extractor().forStream(STREAM);
        assertTrue(s.process(1, "{\"level\":\"error\",\"msg\":\"m\"}", Labels.EMPTY));
        assertTrue(s.labels().labels().toMap().containsKey("msg"));
    }

    @Test
    void absentOverTimeHasNoSeriesLabels() {
        assertEquals("{}", sample("absent_over_time({app=\"worker\"} | logfmt [5m])", "a=1").series());
    }
}

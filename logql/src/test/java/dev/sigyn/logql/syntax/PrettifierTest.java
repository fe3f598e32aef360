package dev.sigyn.logql.syntax;

import dev.sigyn.logql.Corpus;
import dev.sigyn.logql.LimitExceededException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** format_query's layout: short queries on one line, long ones split by their parts, and always the same AST back. */
class PrettifierTest {

    private static List<String> corpusQueries() {
        List<String> queries = new ArrayList<>();
        for (Map<String, Object> c : Corpus.cases()) {
            @SuppressWarnings("unchecked")
            Object q = ((Map<String, Object>) c.get("params")).get("query");
            @SuppressWarnings("unchecked")
            long status = (Long) ((Map<String, Object>) c.get("expect")).get("status");
            if (q instanceof String query && status == 200) queries.add(query);
        }
        return queries;
    }

    @Test
    void aNestingThatWouldFormatPastTheLongestQueryIsRefusedAndOneJustUnderItFormats() {
        // Each level of a right-nested chain is indented two spaces more: n levels take about n² bytes.
        Expr tooDeep = Parser.parseExpr("vector(1)" + " ^ vector(1)".repeat(400));
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> Prettifier.pretty(tooDeep));
        assertTrue(e.getMessage().contains("131071 bytes"), e.getMessage());

        Expr deep = Parser.parseExpr("vector(1)" + " ^ vector(1)".repeat(120));
        String pretty = Prettifier.pretty(deep);
        assertTrue(pretty.length() > 30_000 && pretty.length() < 131_072, "formatted to " + pretty.length());
        assertEquals(deep, Parser.parseExpr(pretty));
    }

    @Test
    void everyCorpusQueryPrettifiesToTheSameTree() {
        int split = 0;
        for (String query : corpusQueries()) {
            Expr parsed = Parser.parseExpr(query);
            String pretty = Prettifier.pretty(parsed);
            assertEquals(parsed, Parser.parseExpr(pretty), () -> query + "\n prettified as\n" + pretty);
            if (pretty.contains("\n")) split++;
            else assertEquals(Printer.print(parsed), pretty, "a query that fits stays on its canonical line");
        }
        assertTrue(split >= 5, "long corpus queries that were split: " + split);
    }

    @Test
    void aLongMetricQueryIsSplitByItsParts() {
        String query = "sum by (status) (rate({job=\"nginx\"} | pattern `<ip> - - [<_>] \"<method> <path> <_>\" "
                + "<status> <size> \"<_>\" \"<agent>\" <rt>` | status >= 500 [1m])) / ignoring (status) "
                + "sum(rate({job=\"nginx\"}[1m]))";
        String pretty = Prettifier.pretty(Parser.parseExpr(query));
        assertEquals("""
                  sum by (status) (
                    rate(
                      {job="nginx"}
                        | pattern "<ip> - - [<_>] \\"<method> <path> <_>\\" <status> <size> \\"<_>\\" \\"<agent>\\" <rt>"
                        | status >= 500 [1m]
                    )
                  )
                / ignoring (status)
                  sum(rate({job="nginx"}[1m]))""", pretty);
    }

    @Test
    void splitBinaryOperandsKeepTheirGrouping() {
        String longSide = "sum by (app, namespace, cluster, pod) (count_over_time({app=\"checkout\", env=\"prod\"} |= \"error\" [5m]))";
        Expr parsed = Parser.parseExpr("(" + longSide + " + " + longSide + ") * " + longSide);
        String pretty = Prettifier.pretty(parsed);
        assertEquals(parsed, Parser.parseExpr(pretty), pretty);
        assertTrue(pretty.lines().allMatch(l -> l.length() <= 100 || !l.strip().contains(" ")), pretty);
    }

    @Test
    void shortQueriesAreTheirCanonicalForm() {
        assertEquals("sum by (app) (count_over_time({app=\"web\"}[5m]))",
                Prettifier.pretty(Parser.parseExpr("sum(count_over_time({app=\"web\"}[5m])) by (app)")));
    }

    /** Loki prints ranges with Prometheus' model.Duration: weeks and years only when they are exact. */
    @Test
    void rangesPrintInPrometheusFormWithWeeksOnlyWhenExact() {
        assertEquals("count_over_time({app=\"x\"}[90d])",
                Prettifier.pretty(Parser.parseExpr("count_over_time({app=\"x\"}[90d])")));
        assertEquals("count_over_time({app=\"x\"}[2w])",
                Prettifier.pretty(Parser.parseExpr("count_over_time({app=\"x\"}[14d])")));
        assertEquals("count_over_time({app=\"x\"}[90d])", Printer.print(Parser.parseExpr("count_over_time({app=\"x\"}[2160h])")));
    }

    /** A short query is Loki's String() form, where an offset is Go's time.Duration. */
    @Test
    void offsetsOfShortQueriesPrintAsGoDurations() {
        assertEquals("count_over_time({app=\"x\"}[5m] offset 1h0m0s)",
                Prettifier.pretty(Parser.parseExpr("count_over_time({app=\"x\"}[5m] offset 1h)")));
    }
}

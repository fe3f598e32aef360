package dev.sigyn.logql.syntax;

import dev.sigyn.logql.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** parse(print(e)) equals e, for the whole conformance corpus and for every kind of node. */
class RoundTripTest {

    private static void assertRoundTrip(String query) {
        Expr parsed = Parser.parseExpr(query);
        String printed = Printer.print(parsed);
        Expr reparsed = Parser.parseExpr(printed);
        assertEquals(parsed, reparsed, () -> query + "\n printed as " + printed);
        assertEquals(printed, Printer.print(reparsed), "printing is stable");
    }

    @Test
    void everyQueryLokiAnsweredRoundTripsAndEveryQueryItRejectedFails() {
        int answered = 0;
        int rejected = 0;
        for (Map<String, Object> c : Corpus.cases()) {
            @SuppressWarnings("unchecked")
            Object q = ((Map<String, Object>) c.get("params")).get("query");
            if (!(q instanceof String query)) continue;
            @SuppressWarnings("unchecked")
            long status = (Long) ((Map<String, Object>) c.get("expect")).get("status");
            if (status == 200) {
                assertRoundTrip(query);
                answered++;
            } else if (status == 400) {
                assertThrows(ParseException.class, () -> Parser.parseExpr(query), (String) c.get("id"));
                rejected++;
            }
        }
        assertTrue(answered >= 170, "queries Loki answered: " + answered);
        assertTrue(rejected >= 15, "queries Loki rejected: " + rejected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{a=\"b\"} | json | logfmt --strict --keep-empty x=\"y\", z | regexp `(?P<n>\\d+)` | pattern \"<a> <_>\" | unpack",
            "{a=\"b\"} | x > 1.5 and y <= -2 or z == 1e20 | d >= 1.5s, e < 250us | size > 10KiB or size != 0B",
            "{a=\"b\"} | (x=\"1\" or y!~\"2.*\") z=ip(\"10.0.0.0/8\") | w != ip(\"::1\")",
            "{a=\"b\"} | x=\"1\", y=\"2\" or z=\"3\" | x=\"1\" or y=\"2\" and z=\"3\"",
            "{a=\"b\"} | line_format \"{{.a}}\\n\" | label_format a=b, c=\"{{.d}}\" | decolorize | drop a, b=\"1\" | keep c, d=~\"x\"",
            "{a=\"b\"} | json |= \"x\" or \"y\" | logfmt !~ \"z\"",
            "rate({a=\"b\"}[5m] offset -5m)",
            "avg_over_time({a=\"b\"} | unwrap bytes(x) | __error__=\"\" | y > 1 [1h30m] offset 1500ms) without (a, b)",
            "quantile_over_time(0.25, {a=\"b\"} | unwrap duration_seconds(d) [1d]) by ()",
            "max_over_time({a=\"b\"} | unwrap duration(d) [1w]) by (x)",
            "sum without () (count_over_time({a=\"b\"}[5m]))",
            "bottomk by (a) (2, sum by (a, b) (rate({a=\"b\"}[1m])))",
            "sort_desc(approx_topk(5, rate({a=\"b\"}[1m])))",
            "1 + 2 * 3 ^ 2 ^ -0.5 % 7 - 1 / 3",
            "sum(rate({a=\"b\"}[1m])) > bool 1 or vector(0) and on (x) vector(1) unless ignoring (y) vector(2)",
            "sum(rate({a=\"b\"}[1m])) / on (x) group_left count(rate({a=\"b\"}[1m])) * ignoring () group_right (c, d) vector(3)",
            "label_replace(sum by (i) (rate({a=\"b\"}[1m])), \"dst\", \"$1-$2\", \"i\", \"(.*)-(.*)\")",
            "-0.0 + +3 - 1e-7",
            "((count_over_time(({a=\"b\"} |= \"x\")[5m])))"})
    void everyNodeKindRoundTrips(String query) {
        assertRoundTrip(query);
    }

    @Test
    void canonicalForms() {
        assertEquals("sum by (app) (count_over_time({app=\"web\"}[5m]))",
                Printer.print(Parser.parseExpr("sum(count_over_time({app=\"web\"}[5m])) by (app)")));
        assertEquals("(1 + (2 * 3))", Printer.print(Parser.parseExpr("1 + 2 * 3")));
        assertEquals("rate({a=\"b\"} | json | unwrap x [1h30m] offset 5m0s)",
                Printer.print(Parser.parseExpr("rate({a=\"b\"}[90m] offset 5m | json | unwrap x)")));
        assertEquals("{a=\"b\"} | x=\"1\" and (y=\"2\" or z=\"3\")", Printer.print(Parser.parseExpr("{a=\"b\"} | x=\"1\", y=\"2\" or z=\"3\"")));
    }
}

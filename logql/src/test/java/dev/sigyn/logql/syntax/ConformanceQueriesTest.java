package dev.sigyn.logql.syntax;

import dev.sigyn.logql.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queries of the conformance corpus (answers of a real Loki) as parser inputs. */
class ConformanceQueriesTest {

    private static String query(Map<String, Object> c) {
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) c.get("params");
        return params.get("query") instanceof String q ? q : null;
    }

    private static long status(Map<String, Object> c) {
        @SuppressWarnings("unchecked")
        Map<String, Object> expect = (Map<String, Object>) c.get("expect");
        return (Long) expect.get("status");
    }

    private static Stream<Map<String, Object>> casesWithPrefix(String... prefixes) {
        return Corpus.cases().stream()
                .filter(c -> Stream.of(prefixes).anyMatch(p -> ((String) c.get("id")).startsWith(p)))
                .filter(c -> query(c) != null);
    }

    @TestFactory
    Stream<DynamicTest> selectorAndFilterQueriesParseOrAreRejectedAsLokiDid() {
        return casesWithPrefix("sel-", "filter-").map(c -> DynamicTest.dynamicTest(c.get("id") + " " + query(c), () -> {
            String q = query(c);
            if (status(c) == 400) {
                ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(q));
                assertTrue(e.getMessage().startsWith("parse error"), e.getMessage());
            } else {
                Expr parsed = Parser.parseExpr(q);
                assertEquals(parsed, Parser.parseExpr(Printer.print(parsed)), "print round trip");
            }
        }));
    }

    @Test
    void queriesLokiRejectedAreParseErrors() {
        List<Map<String, Object>> rejected = casesWithPrefix("error-", "badinput-").filter(c -> status(c) == 400).toList();
        assertTrue(rejected.size() >= 10);
        for (Map<String, Object> c : rejected) {
            assertThrows(ParseException.class, () -> Parser.parseExpr(query(c)), (String) c.get("id"));
        }
    }

    @Test
    void everyCorpusQueryEitherParsesOrFailsWithAParseException() {
        int parsed = 0;
        for (Map<String, Object> c : casesWithPrefix("").toList()) {
            try {
                Parser.parseExpr(query(c));
                parsed++;
            } catch (ParseException expected) {
                assertTrue(expected.getMessage().startsWith("parse error"), expected.getMessage());
            }
        }
        assertTrue(parsed >= 30, "log queries of the corpus parse: " + parsed);
    }
}

package dev.sigyn.logql;

import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For the selector and line-filter cases of the conformance corpus, the compiled plan selects from the dataset
 * exactly the lines Loki answered. Loki's answer holds the first {@code limit} lines in the query's direction, so
 * the comparison is made on that window.
 */
class ConformanceFilterTest {

    /** One answered line: its stream, timestamp and text. */
    private record Line(Map<String, String> stream, long ts, String text) {
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> planSelectsTheLinesLokiReturned() {
        return Corpus.cases().stream()
                .filter(c -> ((String) c.get("id")).startsWith("filter-") || ((String) c.get("id")).startsWith("sel-"))
                .filter(c -> (Long) ((Map<String, Object>) c.get("expect")).get("status") == 200)
                .map(c -> DynamicTest.dynamicTest(c.get("id") + " " + ((Map<String, Object>) c.get("params")).get("query"),
                        () -> check(c)));
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c) {
        Map<String, Object> params = (Map<String, Object>) c.get("params");
        LogQueryPlan plan = LogQueryPlan.of(Parser.parseExpr((String) params.get("query")));
        long start = Long.parseLong((String) params.get("start"));
        long end = Long.parseLong((String) params.get("end"));
        int limit = Integer.parseInt((String) params.get("limit"));
        boolean backward = !"forward".equals(params.get("direction"));

        List<Line> selected = new ArrayList<>();
        Map<String, Object> tenants = (Map<String, Object>) Corpus.dataset().get("tenants");
        for (Object s : (List<Object>) tenants.get((String) c.get("tenant"))) {
            Map<String, Object> stream = (Map<String, Object>) s;
            Map<String, String> labels = (Map<String, String>) (Map<?, ?>) stream.get("stream");
            if (!plan.matchers().stream().allMatch(m -> m.matches(Labels.fromMap(labels)))) continue;
            for (Object v : (List<Object>) stream.get("values")) {
                List<Object> value = (List<Object>) v;
                long ts = Long.parseLong((String) value.get(0));
                String text = (String) value.get(1);
                if (ts >= start && ts < end && plan.filter().test(text.getBytes(StandardCharsets.UTF_8))) {
                    selected.add(new Line(labels, ts, text));
                }
            }
        }
        List<Line> expected = new ArrayList<>();
        for (Object r : (List<Object>) ((Map<String, Object>) c.get("expect")).get("result")) {
            Map<String, Object> result = (Map<String, Object>) r;
            for (Object v : (List<Object>) result.get("values")) {
                List<Object> value = (List<Object>) v;
                expected.add(new Line((Map<String, String>) (Map<?, ?>) result.get("stream"),
                        Long.parseLong((String) value.get(0)), (String) value.get(1)));
            }
        }
        Comparator<Line> order = backward ? Comparator.comparingLong(Line::ts).reversed() : Comparator.comparingLong(Line::ts);
        selected.sort(order);
        expected.sort(order);
        assertEquals(expected, selected.subList(0, Math.min(limit, selected.size())));
    }
}

package dev.sigyn.logql.compile;

import dev.sigyn.logql.Corpus;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every log query of the conformance corpus with pipeline stages (parsers, formatters, label filters), parsed,
 * compiled and run over the dataset: the streams Loki answered (labels after the pipeline), their lines and their
 * order must come out exactly.
 */
class ConformanceLogQueryTest {
    private static final List<String> PREFIXES =
            List.of("json-", "logfmt-", "parse-", "odd-", "auth-", "odd29-", "json29-", "logfmt29-");

    /** One output line: the stream it belongs to, its timestamp and text. */
    private record Line(Labels labels, long ts, String text) {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() {
        List<Map<String, Object>> selected = new ArrayList<>();
        for (Map<String, Object> c : Corpus.cases()) {
            String id = (String) c.get("id");
            if (PREFIXES.stream().noneMatch(id::startsWith)) continue;
            Map<String, Object> expect = (Map<String, Object>) c.get("expect");
            if (!"streams".equals(expect.get("resultType"))) continue;
            String query = (String) ((Map<String, Object>) c.get("params")).get("query");
            if (Parser.parseExpr(query) instanceof LogSelectorExpr log && !log.onlyLineFilters()) selected.add(c);
        }
        return selected;
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> compiledPipelinesGiveWhatLokiAnswered() {
        List<Map<String, Object>> cases = cases();
        assertTrue(cases.size() >= 40, "corpus holds " + cases.size() + " such cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(
                c.get("id") + " " + ((Map<String, Object>) c.get("params")).get("query"), () -> check(c)));
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c) {
        Map<String, Object> params = (Map<String, Object>) c.get("params");
        LogSelectorExpr query = (LogSelectorExpr) Parser.parseExpr((String) params.get("query"));
        long start = Long.parseLong((String) params.get("start"));
        long end = Long.parseLong((String) params.get("end"));
        int limit = Integer.parseInt((String) params.get("limit"));
        boolean backward = !"forward".equals(params.get("direction"));

        Pipeline pipeline = PipelineCompiler.compile(query);
        List<Line> got = new ArrayList<>();
        Map<String, Object> tenants = (Map<String, Object>) Corpus.dataset().get("tenants");
        for (Object s : (List<Object>) tenants.get((String) c.get("tenant"))) {
            Map<String, Object> stream = (Map<String, Object>) s;
            Labels labels = Labels.fromMap((Map<String, String>) (Map<?, ?>) stream.get("stream"));
            if (!query.matchers().stream().allMatch(m -> m.matches(labels))) continue;
            StreamPipeline sp = pipeline.forStream(labels);
            for (Object v : (List<Object>) stream.get("values")) {
                List<Object> value = (List<Object>) v;
                long ts = Long.parseLong((String) value.get(0));
                if (ts < start || ts >= end) continue;
                if (sp.process(ts, (String) value.get(1), Labels.EMPTY)) {
                    got.add(new Line(sp.labels().labels(), ts, sp.line().toString()));
                }
            }
        }
        Comparator<Line> order = Comparator.comparingLong(Line::ts);
        got.sort(backward ? order.reversed() : order);
        Map<String, List<List<String>>> answered = new TreeMap<>();
        for (Line l : got.subList(0, Math.min(limit, got.size()))) {
            answered.computeIfAbsent(l.labels().toString(), k -> new ArrayList<>())
                    .add(List.of(Long.toString(l.ts()), l.text()));
        }

        Map<String, List<List<String>>> expected = new TreeMap<>();
        for (Object r : (List<Object>) ((Map<String, Object>) c.get("expect")).get("result")) {
            Map<String, Object> stream = (Map<String, Object>) r;
            Labels labels = Labels.fromMap((Map<String, String>) (Map<?, ?>) stream.get("stream"));
            List<List<String>> values = new ArrayList<>();
            for (Object v : (List<Object>) stream.get("values")) values.add((List<String>) v);
            expected.put(labels.toString(), values);
        }
        assertEquals(expected.keySet(), answered.keySet(), "streams");
        assertEquals(expected, answered);
    }
}

package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Corpus;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.filter.LineFilters;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.sigyn.logql.LabelMatcher.Type.EQ;
import static dev.sigyn.logql.LabelMatcher.Type.NEQ;
import static dev.sigyn.logql.LabelMatcher.Type.RE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Log queries of the conformance corpus that use parsers, label filters, drop/keep and decolorize, with their
 * pipelines built by hand (the query parser is not needed): running them over the dataset gives exactly the
 * streams, lines and labels Loki 2.9 answered.
 */
class ConformancePipelineTest {
    private static final String NGINX = "<ip> - - [<_>] \"<method> <path> <_>\" <status> <size> \"<_>\" \"<agent>\" <rt>";
    private static final String NGINX_REGEXP =
            "^(?P<ip>\\S+) .* \"(?P<method>\\w+) (?P<path>\\S+) [^\"]*\" (?P<status>\\d+) (?P<size>\\d+)";

    private record Query(List<LabelMatcher> selector, Supplier<List<Stage>> stages) {
    }

    private static Query q(List<LabelMatcher> selector, Supplier<List<Stage>> stages) {
        return new Query(selector, stages);
    }

    private static final List<LabelMatcher> API_CHECKOUT = List.of(LabelMatcher.of("app", RE, "api|checkout"));
    private static final List<LabelMatcher> WORKER = List.of(LabelMatcher.of("app", EQ, "worker"));
    private static final List<LabelMatcher> ODD = List.of(LabelMatcher.of("app", EQ, "odd"));
    private static final List<LabelMatcher> NGINX_JOB = List.of(LabelMatcher.of("job", EQ, "nginx"));

    private static LabelFilter eq(String name, String value) {
        return LabelFilter.matcher(LabelMatcher.of(name, EQ, value));
    }

    private static final Map<String, Query> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("json-050", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null), eq("level", "error"))));
        QUERIES.put("json-052", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null),
                LabelFilter.number("latency_ms", Comparison.GT, 500))));
        QUERIES.put("json-054", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null),
                LabelFilter.or(LabelFilter.matcher(LabelMatcher.of("status", RE, "4..")),
                        LabelFilter.number("status", Comparison.EQ, 500)))));
        QUERIES.put("json-055", q(API_CHECKOUT, () -> List.of(Stages.json(List.of(
                new Extraction("lvl", "level"), new Extraction("uid", "user.id"))))));
        QUERIES.put("json-056", q(API_CHECKOUT, () -> List.of(Stages.json(List.of(new Extraction("name", "user.name"))),
                eq("name", "mallory"))));
        QUERIES.put("json-058", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null), eq("__error__", ""))));
        QUERIES.put("json-059", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null),
                LabelFilter.matcher(LabelMatcher.of("tags", NEQ, "")))));
        QUERIES.put("json-062", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null),
                LabelFilter.matcher(LabelMatcher.of("note", RE, ".*실패.*")))));
        QUERIES.put("json-072", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null),
                Stages.drop(List.of(LabelSelection.name("user_id"), LabelSelection.name("user_premium"))))));
        QUERIES.put("json-073", q(API_CHECKOUT, () -> List.of(Stages.json((Set<String>) null), eq("level", "warn"),
                Stages.drop(List.of(LabelSelection.name("__error__"))))));
        QUERIES.put("logfmt-076", q(WORKER, () -> List.of(logfmt(), eq("level", "error"))));
        QUERIES.put("logfmt-077", q(WORKER, () -> List.of(logfmt(),
                LabelFilter.duration("duration", Comparison.GT, 1_000_000_000L))));
        QUERIES.put("logfmt-079", q(WORKER, () -> List.of(logfmt(), LabelFilter.bytes("bytes", Comparison.GTE, 1_000_000))));
        // Loki's query frontend re-prints the query with humanize.Bytes (base 1000, one decimal): 2KiB reaches
        // the querier as 2.0kB, so the filter it runs is "< 2000".
        QUERIES.put("logfmt-080", q(WORKER, () -> List.of(logfmt(), LabelFilter.bytes("bytes", Comparison.LT, 2000))));
        QUERIES.put("logfmt-081", q(WORKER, () -> List.of(logfmt(), LabelFilter.and(
                LabelFilter.number("attempt", Comparison.GT, 3), eq("queue", "emails")))));
        QUERIES.put("logfmt-082", q(WORKER, () -> List.of(logfmt(), LabelFilter.matcher(LabelMatcher.of("err", NEQ, "")))));
        QUERIES.put("logfmt-085", q(WORKER, () -> List.of(logfmt(), LabelFilter.or(
                LabelFilter.duration("duration", Comparison.GT, 2_000_000_000L),
                LabelFilter.bytes("bytes", Comparison.GT, 2_000_000)))));
        QUERIES.put("logfmt-086", q(WORKER, () -> List.of(logfmt(), LabelFilter.matcher(LabelMatcher.of("flag", NEQ, "")))));
        QUERIES.put("logfmt-087", q(WORKER, () -> List.of(logfmt(), LabelFilter.number("attempt", Comparison.EQ, 3))));
        QUERIES.put("parse-090", q(NGINX_JOB, () -> List.of(Stages.pattern(NGINX, null),
                LabelFilter.number("status", Comparison.GTE, 500))));
        QUERIES.put("parse-091", q(NGINX_JOB, () -> List.of(Stages.pattern(NGINX, null), eq("method", "POST"),
                LabelFilter.matcher(LabelMatcher.of("path", RE, "/api/.*")))));
        QUERIES.put("parse-094", q(NGINX_JOB, () -> List.of(Stages.regexp(NGINX_REGEXP, null))));
        QUERIES.put("parse-095", q(NGINX_JOB, () -> List.of(Stages.regexp(NGINX_REGEXP, null), eq("status", "404"))));
        QUERIES.put("parse-096", q(NGINX_JOB, () -> List.of(Stages.regexp(NGINX_REGEXP, null),
                LabelFilter.ip("ip", false, "192.168.0.0/16"))));
        QUERIES.put("parse-100", q(NGINX_JOB, () -> List.of(Stages.lineFilter(LineFilters.contains("POST")),
                Stages.pattern(NGINX, null), LabelFilter.number("status", Comparison.NEQ, 201))));
        QUERIES.put("odd-102", q(ODD, () -> List.of(logfmt())));
        QUERIES.put("odd-103", q(ODD, () -> List.of(Stages.json((Set<String>) null),
                LabelFilter.number("nested_deep_value", Comparison.GT, 50))));
        QUERIES.put("odd-104", q(ODD, () -> List.of(logfmt(), eq("a", "1"))));
        QUERIES.put("odd-106", q(ODD, () -> List.of(Stages.json((Set<String>) null), eq("__error__", "JSONParserErr"))));
        QUERIES.put("odd-107", q(ODD, () -> List.of(logfmt(), LabelFilter.matcher(LabelMatcher.of("__error__", NEQ, "")))));
        QUERIES.put("odd-108", q(ODD, () -> List.of(Stages.unpack(null))));
        QUERIES.put("odd-110", q(ODD, () -> List.of(Stages.regexp("(?P<n>\\d+)", null),
                LabelFilter.number("n", Comparison.GT, 40))));
        QUERIES.put("auth-111", q(List.of(LabelMatcher.of("app", EQ, "auth")), () -> List.of(
                Stages.lineFilter(LineFilters.contains("Failed password")),
                Stages.regexp("for (?P<user>\\w+) from (?P<ip>[\\d.]+)", null))));
        QUERIES.put("logfmt29-297", q(WORKER, () -> List.of(Stages.logfmt(true, false, null))));
        QUERIES.put("logfmt29-298", q(WORKER, () -> List.of(Stages.logfmt(false, true, null))));
        QUERIES.put("logfmt29-301", q(WORKER, () -> List.of(logfmt(),
                Stages.keep(List.of(LabelSelection.name("level"), LabelSelection.name("queue"))))));
        QUERIES.put("logfmt29-302", q(WORKER, () -> List.of(logfmt(), Stages.keep(List.of(
                LabelSelection.matching(LabelMatcher.of("level", EQ, "error")), LabelSelection.name("msg"))))));
        QUERIES.put("odd29-303", q(ODD, () -> List.of(Stages.logfmt(true, false, null))));
        QUERIES.put("odd29-305", q(ODD, () -> List.of(Stages.decolorize())));
        QUERIES.put("odd29-307", q(ODD, () -> List.of(Stages.json((Set<String>) null),
                Stages.keep(List.of(LabelSelection.name("nested_deep_value"))))));
    }

    private static Stage logfmt() {
        return Stages.logfmt(false, false, null);
    }

    /** One answered line: its labels, timestamp and text. */
    private record Line(Map<String, String> labels, long ts, String text) {
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> pipelineGivesWhatLokiAnswered() {
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        for (Map<String, Object> c : Corpus.cases()) cases.put((String) c.get("id"), c);
        return QUERIES.entrySet().stream().map(e -> {
            Map<String, Object> c = cases.get(e.getKey());
            String name = e.getKey() + " " + ((Map<String, Object>) c.get("params")).get("query");
            return DynamicTest.dynamicTest(name, () -> check(c, e.getValue()));
        });
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c, Query query) {
        Map<String, Object> params = (Map<String, Object>) c.get("params");
        long start = Long.parseLong((String) params.get("start"));
        long end = Long.parseLong((String) params.get("end"));
        int limit = Integer.parseInt((String) params.get("limit"));
        boolean backward = !"forward".equals(params.get("direction"));

        Pipeline pipeline = Pipeline.of(query.stages().get());
        List<Line> got = new ArrayList<>();
        Map<String, Object> tenants = (Map<String, Object>) Corpus.dataset().get("tenants");
        for (Object s : (List<Object>) tenants.get((String) c.get("tenant"))) {
            Map<String, Object> stream = (Map<String, Object>) s;
            Labels labels = Labels.fromMap((Map<String, String>) (Map<?, ?>) stream.get("stream"));
            if (!query.selector().stream().allMatch(m -> m.matches(labels))) continue;
            StreamPipeline sp = pipeline.forStream(labels);
            for (Object v : (List<Object>) stream.get("values")) {
                List<Object> value = (List<Object>) v;
                long ts = Long.parseLong((String) value.get(0));
                if (ts < start || ts >= end) continue;
                if (sp.process(ts, (String) value.get(1), Labels.EMPTY)) {
                    got.add(new Line(new TreeMap<>(sp.labels().labels().toMap()), ts, sp.line().toString()));
                }
            }
        }
        Comparator<Line> order = Comparator.comparingLong(Line::ts);
        got.sort(backward ? order.reversed() : order);
        List<Line> window = new ArrayList<>(got.subList(0, Math.min(limit, got.size())));

        List<Line> expected = new ArrayList<>();
        for (Object r : (List<Object>) ((Map<String, Object>) c.get("expect")).get("result")) {
            Map<String, Object> stream = (Map<String, Object>) r;
            Map<String, String> labels = new TreeMap<>((Map<String, String>) (Map<?, ?>) stream.get("stream"));
            for (Object v : (List<Object>) stream.get("values")) {
                List<Object> value = (List<Object>) v;
                expected.add(new Line(labels, Long.parseLong((String) value.get(0)), (String) value.get(1)));
            }
        }
        expected.sort(backward ? order.reversed() : order);
        assertEquals(expected.size(), window.size(), "number of lines");
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), window.get(i), "line " + i);
    }
}

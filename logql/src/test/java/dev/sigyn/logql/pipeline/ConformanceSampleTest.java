package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Corpus;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.sigyn.logql.LabelMatcher.Type.EQ;
import static dev.sigyn.logql.LabelMatcher.Type.RE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Instant metric queries of the conformance corpus whose aggregation is a plain per-series sum over the range
 * (count_over_time, bytes_over_time, rate, sum_over_time): with sample extractors built by hand, summing the
 * samples of each series over {@code (time - range, time]} gives Loki's answer, series labels included.
 */
class ConformanceSampleTest {
    private static final String NGINX = "<ip> - - [<_>] \"<method> <path> <_>\" <status> <size> \"<_>\" \"<agent>\" <rt>";
    private static final long FIVE_MINUTES = 300_000_000_000L;

    /** A query: its selector, extractor, range, and the divisor of the sum (the range in seconds for rate). */
    private record Query(List<LabelMatcher> selector, Supplier<SampleExtractor> extractor, long rangeNanos, double divisor) {
    }

    private static final Map<String, Query> QUERIES = new LinkedHashMap<>();

    static {
        List<LabelMatcher> apiCheckout = List.of(LabelMatcher.of("app", RE, "api|checkout"));
        List<LabelMatcher> worker = List.of(LabelMatcher.of("app", EQ, "worker"));
        List<LabelMatcher> nginx = List.of(LabelMatcher.of("job", EQ, "nginx"));
        Stage json = Stages.json((Set<String>) null);
        Stage logfmt = Stages.logfmt(false, false, null);
        QUERIES.put("range-119", new Query(List.of(LabelMatcher.of("app", EQ, "api")),
                () -> SampleExtractor.lineBytes(Pipeline.NOOP), 2 * FIVE_MINUTES, 1));
        QUERIES.put("range-131", new Query(apiCheckout, () -> SampleExtractor.countLines(Pipeline.of(json)), FIVE_MINUTES, 1));
        QUERIES.put("range-133", new Query(apiCheckout, () -> SampleExtractor.countLines(Pipeline.of(json,
                LabelFilter.matcher(LabelMatcher.of("level", EQ, "error")))), FIVE_MINUTES, 1));
        QUERIES.put("range-135", new Query(nginx, () -> SampleExtractor.countLines(Pipeline.of(Stages.pattern(NGINX, null),
                LabelFilter.number("status", Comparison.GTE, 500))), FIVE_MINUTES, 300));
        QUERIES.put("unwrap-139", new Query(worker, () -> SampleExtractor.unwrap(Pipeline.of(logfmt), "attempt",
                SampleExtractor.Conversion.FLOAT, List.of()), 2 * FIVE_MINUTES, 1));
        QUERIES.put("unwrap-159", new Query(worker, () -> SampleExtractor.unwrap(Pipeline.of(logfmt), "attempt",
                SampleExtractor.Conversion.FLOAT, List.of()), FIVE_MINUTES, 300));
        QUERIES.put("unwrap-161", new Query(nginx, () -> SampleExtractor.unwrap(Pipeline.of(Stages.pattern(NGINX, null)),
                "size", SampleExtractor.Conversion.FLOAT, List.of()), FIVE_MINUTES, 1));
        QUERIES.put("unwrap-167", new Query(worker, () -> SampleExtractor.unwrap(Pipeline.of(logfmt), "bytes",
                SampleExtractor.Conversion.BYTES, List.of(LabelFilter.matcher(LabelMatcher.of("__error__", EQ, "")))),
                FIVE_MINUTES, 1));
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> samplesSumToLokisAnswer() {
        Map<String, Map<String, Object>> cases = new HashMap<>();
        for (Map<String, Object> c : Corpus.cases()) cases.put((String) c.get("id"), c);
        return QUERIES.entrySet().stream().map(e -> {
            Map<String, Object> c = cases.get(e.getKey());
            return DynamicTest.dynamicTest(e.getKey() + " " + ((Map<String, Object>) c.get("params")).get("query"),
                    () -> check(c, e.getValue()));
        });
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c, Query query) {
        long time = Long.parseLong((String) ((Map<String, Object>) c.get("params")).get("time"));
        SampleExtractor extractor = query.extractor().get();
        Map<Map<String, String>, Double> got = new HashMap<>();
        Map<String, Object> tenants = (Map<String, Object>) Corpus.dataset().get("tenants");
        for (Object s : (List<Object>) tenants.get((String) c.get("tenant"))) {
            Map<String, Object> stream = (Map<String, Object>) s;
            Labels labels = Labels.fromMap((Map<String, String>) (Map<?, ?>) stream.get("stream"));
            if (!query.selector().stream().allMatch(m -> m.matches(labels))) continue;
            SampleExtractor.ForStream x = extractor.forStream(labels);
            for (Object v : (List<Object>) stream.get("values")) {
                List<Object> value = (List<Object>) v;
                long ts = Long.parseLong((String) value.get(0));
                if (ts <= time - query.rangeNanos() || ts > time) continue;
                if (!x.process(ts, (String) value.get(1), Labels.EMPTY)) continue;
                Map<String, String> series = new TreeMap<>(x.labels().labels().toMap());
                if (extractor.unwrappedLabel() != null) series.remove(extractor.unwrappedLabel());
                got.merge(series, x.value() / query.divisor(), Double::sum);
            }
        }
        Map<Map<String, String>, Double> expected = new HashMap<>();
        for (Object r : (List<Object>) ((Map<String, Object>) c.get("expect")).get("result")) {
            Map<String, Object> sample = (Map<String, Object>) r;
            expected.put(new TreeMap<>((Map<String, String>) (Map<?, ?>) sample.get("metric")),
                    Double.parseDouble((String) ((List<Object>) sample.get("value")).get(1)));
        }
        assertEquals(expected.keySet(), got.keySet(), "series");
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), Math.abs(e.getValue()) * 1e-9, "value of " + e.getKey());
        }
    }
}

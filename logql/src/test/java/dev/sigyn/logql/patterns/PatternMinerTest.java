package dev.sigyn.logql.patterns;

import dev.sigyn.logql.Corpus;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.LogLevels;
import dev.sigyn.logql.filter.LineFilters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternMinerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final Labels STREAM = Labels.of("app", "x");

    private record Line(Labels stream, long ts, String text) {}

    @Test
    void linesDifferingInVariablePartsShareOnePattern() {
        PatternMiner miner = new PatternMiner(MINUTE);
        miner.add(STREAM, 0, "2026-01-01 10:00:01 worker 7 finished job 123 in 3ms", "info");
        miner.add(STREAM, SECOND, "2026-01-01 10:00:02 worker 2 finished job 124 in 5ms", "info");
        miner.add(STREAM, 2 * SECOND, "2026-01-01 10:00:03 worker 7 finished job 125 in 1ms", "info");
        miner.add(STREAM, 3 * SECOND, "disk full on /var", "info");
        List<LogPattern> patterns = miner.patterns();
        assertEquals(2, patterns.size(), patterns::toString);
        assertEquals("2026-01-01 <_> worker <_> finished job <_> in <_>", patterns.get(0).pattern());
        assertEquals(3, patterns.get(0).total());
        assertEquals("disk full on /var", patterns.get(1).pattern());
    }

    @Test
    void levelsAreMinedApart() {
        PatternMiner miner = new PatternMiner(MINUTE);
        miner.add(STREAM, 0, "request 1 served in 3ms", "info");
        miner.add(STREAM, 0, "request 2 served in 4ms", "error");
        List<LogPattern> patterns = miner.patterns();
        assertEquals(2, patterns.size());
        assertEquals(List.of("error", "info"), patterns.stream().map(LogPattern::level).sorted().toList());
    }

    @Test
    void samplesCoverEveryStepFromFirstToLastWithZerosBetween() {
        PatternMiner miner = new PatternMiner(MINUTE);
        long t0 = 1_700_000_000L * SECOND; // a multiple of a minute plus 20 s
        for (int i = 0; i < 3; i++) miner.add(STREAM, t0 + i * SECOND, "tick " + i + " ok", "info");
        miner.add(STREAM, t0 + 3 * MINUTE, "tick 9 ok", "info");
        LogPattern p = miner.patterns().getFirst();
        long firstStep = Math.floorDiv(t0, MINUTE) * MINUTE / SECOND;
        assertEquals(List.of(new LogPattern.Sample(firstStep, 3), new LogPattern.Sample(firstStep + 60, 0),
                new LogPattern.Sample(firstStep + 120, 0), new LogPattern.Sample(firstStep + 180, 1)), p.samples());
    }

    @Test
    void stepsShorterThanTenSecondsAreRaisedToTen() {
        assertEquals(PatternMiner.MIN_STEP_NANOS, new PatternMiner(SECOND).stepNanos());
    }

    @Test
    void theSamePatternInSeveralStreamsIsAddedUp() {
        PatternMiner miner = new PatternMiner(MINUTE);
        for (int i = 0; i < 4; i++) {
            miner.add(Labels.of("pod", "p" + (i % 2)), i * SECOND, "GET /item/" + i + " 200 in " + i + "ms", "info");
        }
        List<LogPattern> patterns = miner.patterns();
        assertEquals(1, patterns.size(), patterns::toString);
        assertEquals(4, patterns.getFirst().total());
    }

    @Test
    void nginxLinesOfTheConformanceDatasetCollapseIntoAFewPatternsThatMatchThem() {
        List<Line> nginx = lines("acme", "nginx");
        assertEquals(6000, nginx.size());
        List<LogPattern> patterns = mine(nginx);
        assertTrue(patterns.size() <= 8, () -> patterns.size() + " patterns: " + texts(patterns));
        assertEquals(nginx.size(), patterns.stream().mapToLong(LogPattern::total).sum());
        assertEquals("<_> - - [<_> +0000] \"<_> <_> HTTP/1.1\" <_> <_> \"-\" \"<_>\" <_>", patterns.getFirst().pattern());
        assertTrue(patterns.getFirst().total() > nginx.size() / 2, () -> texts(patterns).toString());
        assertTrue(patterns.stream().allMatch(p -> p.level().equals(LogLevels.UNKNOWN)));
        assertEveryLineMatchesAPattern(nginx, patterns);
    }

    @Test
    void aStreamKeepsAtMostThreeHundredPatternsAndLosesTheLinesOfDroppedOnes() {
        PatternMiner miner = new PatternMiner(MINUTE);
        // No two of these lines have a token in common: each is a pattern of its own.
        for (int i = 1; i <= 400; i++) miner.add(STREAM, i, "k%dx k%dy k%dz k%dw".formatted(i, i, i, i), "info");
        miner.add(STREAM, 500, "k1x k1y k1z k1w", "info"); // its pattern was dropped: it starts again
        List<LogPattern> patterns = miner.patterns();
        assertEquals(300, patterns.size());
        assertEquals(300, patterns.stream().mapToLong(LogPattern::total).sum());
        assertTrue(texts(patterns).contains("k1x k1y k1z k1w"));
        assertTrue(texts(patterns).contains("k400x k400y k400z k400w"));
    }

    @Test
    void jsonLinesAreMinedOnTheirMessageAndLogfmtLinesOnTheirFields() {
        PatternMiner miner = new PatternMiner(MINUTE);
        miner.add(STREAM, 0, "{\"level\":\"info\",\"msg\":\"order 17 created\",\"user\":{\"id\":1}}", "info");
        miner.add(STREAM, 1, "{\"msg\":\"order 18 created\",\"level\":\"info\",\"took\":2}", "info");
        miner.add(STREAM, 2, "ts=2026-01-01T00:00:00Z level=info msg=\"cache miss\" key=a1", "info");
        miner.add(STREAM, 3, "ts=2026-01-01T00:00:01Z level=info msg=\"cache miss\" key=b2", "info");
        assertEquals(List.of("<_>order <_> created<_>", "ts=<_> level=info msg=\"cache miss\" key=<_>"),
                texts(miner.patterns()));
    }

    @Test
    void everyLineOfTheDatasetIsCountedOnceAndMatchedByItsPatterns() {
        List<Line> all = new ArrayList<>();
        for (String tenant : List.of("acme", "globex")) all.addAll(lines(tenant, null));
        List<LogPattern> patterns = mine(all);
        assertEquals(all.size(), patterns.stream().mapToLong(LogPattern::total).sum());
        assertTrue(patterns.size() < all.size() / 20, () -> patterns.size() + " patterns");
        assertEveryLineMatchesAPattern(all, patterns);
    }

    private static List<String> texts(List<LogPattern> patterns) {
        return patterns.stream().map(LogPattern::pattern).toList();
    }

    private static List<LogPattern> mine(List<Line> lines) {
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingLong(Line::ts));
        PatternMiner miner = new PatternMiner(MINUTE);
        for (Line l : sorted) miner.add(l.stream(), l.ts(), l.text(), LogLevels.detect(l.stream(), Labels.EMPTY, l.text()));
        return miner.patterns();
    }

    /** Logs Drilldown turns a pattern into a {@code |> "pattern"} filter: it must find the pattern's lines. */
    private static void assertEveryLineMatchesAPattern(List<Line> lines, List<LogPattern> patterns) {
        List<LineFilter> filters = patterns.stream().map(p -> LineFilters.pattern(p.pattern())).toList();
        for (Line l : lines) {
            byte[] bytes = l.text().getBytes(StandardCharsets.UTF_8);
            assertTrue(filters.stream().anyMatch(f -> f.test(bytes)), () -> "no pattern matches " + l.text());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Line> lines(String tenant, String job) {
        List<Line> out = new ArrayList<>();
        Map<String, Object> tenants = (Map<String, Object>) Corpus.dataset().get("tenants");
        for (Object o : (List<Object>) tenants.get(tenant)) {
            Map<String, Object> stream = (Map<String, Object>) o;
            Map<String, String> labels = (Map<String, String>) stream.get("stream");
            if (job != null && !job.equals(labels.get("job"))) continue;
            Labels ls = Labels.fromMap(labels);
            for (Object v : (List<Object>) stream.get("values")) {
                List<Object> pair = (List<Object>) v;
                out.add(new Line(ls, Long.parseLong((String) pair.get(0)), (String) pair.get(1)));
            }
        }
        return out;
    }
}

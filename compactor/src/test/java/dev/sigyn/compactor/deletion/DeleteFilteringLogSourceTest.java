package dev.sigyn.compactor.deletion;

import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.source.LineSink;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamSink;
import dev.sigyn.store.InMemoryBlobStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeleteFilteringLogSourceTest {
    private static final long MS = 1_000_000L;
    private static final Labels WEB = Labels.of("app", "web");
    private static final Labels API = Labels.of("app", "api");

    private final MemorySource memory = new MemorySource();
    private final DeleteRequests requests = new DeleteRequests(new InMemoryBlobStore(), Clock.systemUTC(), Duration.ofMinutes(1));
    private final LogSource source = new DeleteFilteringLogSource(memory, requests);

    private static StreamQuery all(String selector, int limit, Direction direction) {
        return new StreamQuery(dev.sigyn.logql.syntax.Parser.parseSelector(selector), LineFilter.ALL, 0, Long.MAX_VALUE, direction, limit);
    }

    private List<String> lines(String selector, int limit, Direction direction) throws Exception {
        List<String> out = new ArrayList<>();
        for (StreamResult r : CollectedStreams.scan(source, "t", all(selector, limit, direction))) for (Entry e : r.entries()) out.add(e.line());
        return out;
    }

    @Test
    void linesMatchingARequestDisappearAtOnce() throws Exception {
        memory.add(WEB, 1, "GET / 200", 2, "password=hunter2", 3, "GET /x 200");
        memory.add(API, 2, "password=other");
        requests.create("t", "{app=\"web\"} |= \"password\"", 0, 10);

        assertEquals(List.of("GET / 200", "GET /x 200"), lines("{app=\"web\"}", 100, Direction.FORWARD));
        assertEquals(List.of("password=other"), lines("{app=\"api\"}", 100, Direction.FORWARD));
    }

    @Test
    void onlyTheRequestsTimeRangeIsDeletedAtMillisecondPrecision() throws Exception {
        memory.add(WEB, 999_999, "ms 0", 1 * MS, "ms 1", 2 * MS + 999_999, "ms 2", 3 * MS, "ms 3");
        requests.create("t", "{app=\"web\"}", 1, 2);

        assertEquals(List.of("ms 0", "ms 3"), lines("{app=\"web\"}", 100, Direction.FORWARD));
    }

    @Test
    void requestsOfOtherTenantsDoNotApply() throws Exception {
        memory.add(WEB, 1, "line");
        requests.create("other", "{app=\"web\"}", 0, 10);
        assertEquals(List.of("line"), lines("{app=\"web\"}", 100, Direction.FORWARD));
    }

    @Test
    void aStreamCutAtTheLimitIsRefilledWithTheNextLines() throws Exception {
        memory.add(WEB, 1, "drop 1", 2, "drop 2", 3, "keep 3", 4, "drop 4", 5, "keep 5", 6, "keep 6", 7, "keep 7");
        requests.create("t", "{app=\"web\"} |= \"drop\"", 0, 10);

        assertEquals(List.of("keep 3", "keep 5"), lines("{app=\"web\"}", 2, Direction.FORWARD));
        assertEquals(List.of("keep 7", "keep 6", "keep 5"), lines("{app=\"web\"}", 3, Direction.BACKWARD));
        assertEquals(List.of("keep 3", "keep 5", "keep 6", "keep 7"), lines("{app=\"web\"}", 10, Direction.FORWARD));
    }

    @Test
    void pipelineStagesSelectTheLinesAsInLoki() throws Exception {
        memory.add(WEB, 1, "level=debug msg=a", 2, "level=error msg=b", 3, "level=debug msg=c");
        requests.create("t", "{app=\"web\"} | logfmt | level=\"debug\"", 0, 10);
        assertEquals(List.of("level=error msg=b"), lines("{app=\"web\"}", 100, Direction.FORWARD));
    }

    @Test
    void aCancelledRequestStopsHidingLines() throws Exception {
        memory.add(WEB, 1, "line");
        DeleteRequest r = requests.create("t", "{app=\"web\"}", 0, 10);
        assertEquals(List.of(), lines("{app=\"web\"}", 100, Direction.FORWARD));
        requests.cancel("t", r.requestId());
        assertEquals(List.of("line"), lines("{app=\"web\"}", 100, Direction.FORWARD));
    }

    @Test
    void seriesAreStillListed() throws Exception {
        memory.add(WEB, 1, "line");
        requests.create("t", "{app=\"web\"}", 0, 10);
        assertEquals(Set.of(WEB), source.series("t", List.of(), 0, Long.MAX_VALUE));
    }

    @Test
    void anInvalidQueryIsRefusedWithLokisPrefix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> requests.create("t", "{app=\"web\"", 0, 10));
        assertTrue(e.getMessage().startsWith("invalid query expression: parse error"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> requests.create("t", "count_over_time({app=\"web\"}[1m])", 0, 10));
    }

    @Test
    void requestsAreReadBackFromTheBucketByANewInstance() throws Exception {
        InMemoryBlobStore bucket = new InMemoryBlobStore();
        DeleteRequest r = new DeleteRequests(bucket, Clock.systemUTC(), Duration.ZERO).create("t", "{app=\"web\"}", 5, 10);
        List<DeleteRequest> seen = new DeleteRequests(bucket, Clock.systemUTC(), Duration.ZERO).list("t");
        assertEquals(List.of(r), seen);
        String json = new String(DeleteRequests.toJson(seen), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("[{\"request_id\":\"" + r.requestId() + "\",\"start_time\":0.005,\"end_time\":0.01,"
                + "\"query\":\"{app=\\\"web\\\"}\",\"status\":\"received\",\"created_at\":"), json);
    }

    @Test
    void theInnerSourceAnswersAsAskedUnlessARequestCoversTheRange() throws Exception {
        memory.add(WEB, 1, "GET / 200", 2, "password=hunter2", 3, "GET /x 200");
        StreamQuery q = all("{app=\"web\"}", 2, Direction.FORWARD);
        assertEquals(List.of("GET / 200", "password=hunter2"), lines("{app=\"web\"}", 2, Direction.FORWARD));
        CollectedStreams.scan(source, "t", q);
        assertEquals(q, memory.asked, "without a delete request the inner source gets the query as it is");

        requests.create("t", "{app=\"web\"} |= \"password\"", 0, 10);
        assertEquals(List.of("GET / 200", "GET /x 200"), lines("{app=\"web\"}", 2, Direction.FORWARD));
        assertEquals(0, memory.asked.limit(), "with one, every entry is read and the limit applies to what is kept");
    }

    /** Streams in memory, answering queries as a data source must (matchers, range, filter, direction, limit). */
    private static final class MemorySource implements LogSource {
        private final Map<Labels, List<Entry>> streams = new TreeMap<>();
        StreamQuery asked;

        void add(Labels labels, Object... tsAndLines) {
            List<Entry> entries = streams.computeIfAbsent(labels, l -> new ArrayList<>());
            for (int i = 0; i < tsAndLines.length; i += 2) {
                entries.add(new Entry(((Number) tsAndLines[i]).longValue(), (String) tsAndLines[i + 1]));
            }
            entries.sort(Comparator.comparingLong(Entry::timestampNanos));
        }

        @Override
        public void scan(String tenant, StreamQuery q, StreamSink sink) {
            asked = q;
            for (StreamResult r : select(q)) {
                LineSink lines = sink.open(r.labels());
                for (Entry e : r.entries()) {
                    byte[] line = e.line().getBytes(StandardCharsets.UTF_8);
                    lines.accept(e.timestampNanos(), line, 0, line.length, e.structuredMetadata());
                }
                lines.end();
            }
        }

        private List<StreamResult> select(StreamQuery q) {
            List<StreamResult> out = new ArrayList<>();
            for (Map.Entry<Labels, List<Entry>> s : streams.entrySet()) {
                if (!q.matchers().stream().allMatch(m -> m.matches(s.getKey()))) continue;
                List<Entry> entries = new ArrayList<>();
                for (Entry e : s.getValue()) {
                    byte[] line = e.line().getBytes(StandardCharsets.UTF_8);
                    if (e.timestampNanos() >= q.startNanos() && e.timestampNanos() < q.endNanos() && q.filter().test(line)) entries.add(e);
                }
                if (q.direction() == Direction.BACKWARD) entries = new ArrayList<>(entries.reversed());
                if (q.limit() > 0 && entries.size() > q.limit()) entries = entries.subList(0, q.limit());
                if (!entries.isEmpty()) out.add(new StreamResult(s.getKey(), List.copyOf(entries)));
            }
            return out;
        }

        @Override
        public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
            return new TreeSet<>(streams.keySet());
        }
    }
}

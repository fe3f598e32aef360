package dev.sigyn.ingester;

import dev.sigyn.config.IngesterConfig;
import dev.sigyn.config.LimitsConfig;
import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.sigyn.ingester.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

class PushAndQueryTest {
    @TempDir Path dir;
    Fixture fx;
    Ingester ing;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(dir);
        ing = fx.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        ing.close();
    }

    @Test
    void pushedEntriesAreReturnedOldestFirstForwardAndNewestFirstBackward() throws Exception {
        PushOutcome out = push(ing, "t1", labels("app", "web"), entry(3, "c"), entry(1, "a"), entry(2, "b"));
        assertTrue(out.ok());
        assertEquals(3, out.accepted());

        assertEquals(List.of("a", "b", "c"), lines(CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 100, eq("app", "web")))));
        assertEquals(List.of("c", "b", "a"), lines(CollectedStreams.scan(ing, "t1", query(Direction.BACKWARD, 100, eq("app", "web")))));
    }

    @Test
    void aCancelledQueryStopsReadingAndWhatItReadCountsAgainstItsMemory() throws Exception {
        push(ing, "t1", labels("app", "web"), entry(1, "a"), entry(2, "b"));
        dev.sigyn.logql.QueryContext cancelled = dev.sigyn.logql.QueryContext.of(0);
        cancelled.cancel(new IllegalStateException("client gone"));
        assertThrows(dev.sigyn.logql.QueryCancelledException.class,
                () -> CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 100, eq("app", "web")).withContext(cancelled)));

        dev.sigyn.logql.QueryContext tiny = dev.sigyn.logql.QueryContext.of(100);
        assertThrows(dev.sigyn.logql.LimitExceededException.class,
                () -> CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 100, eq("app", "web")).withContext(tiny)));
        dev.sigyn.logql.QueryContext enough = dev.sigyn.logql.QueryContext.of(1 << 20);
        assertEquals(List.of("a", "b"), lines(CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 100, eq("app", "web")).withContext(enough))));
        assertEquals(0, enough.memory().used(), "released once returned: the caller charges what it keeps");
    }

    @Test
    void limitKeepsTheFirstEntriesInTheQueryDirection() throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) entries.add(entry(49 - i, "line-" + (49 - i)));
        ing.push(new PushRequest("t1", List.of(new StreamPush(labels("app", "web"), entries))));

        assertEquals(List.of("line-0", "line-1", "line-2"), lines(CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 3, eq("app", "web")))));
        assertEquals(List.of("line-49", "line-48"), lines(CollectedStreams.scan(ing, "t1", query(Direction.BACKWARD, 2, eq("app", "web")))));
    }

    @Test
    void entriesWithTheSameTimestampKeepArrivalOrderForwardAndReverseItBackward() throws Exception {
        push(ing, "t1", labels("app", "web"), entry(5, "first"), entry(5, "second"), entry(5, "third"));

        assertEquals(List.of("first", "second", "third"), lines(CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 10))));
        assertEquals(List.of("third", "second", "first"), lines(CollectedStreams.scan(ing, "t1", query(Direction.BACKWARD, 10))));
        assertEquals(List.of("first", "second"), lines(CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 2))));
        assertEquals(List.of("third"), lines(CollectedStreams.scan(ing, "t1", query(Direction.BACKWARD, 1))));
    }

    @Test
    void lineFilterDecidesOnTheLineBytes() throws Exception {
        push(ing, "t1", labels("app", "web"), entry(1, "GET /a 200"), entry(2, "GET /b 500"), entry(3, "POST /c 500"));
        byte[] needle = "500".getBytes(StandardCharsets.UTF_8);
        StreamQuery q = new StreamQuery(List.of(eq("app", "web")), (buf, off, len) -> contains(buf, off, len, needle),
                T0_NANOS, T0_NANOS + 100 * SECOND, Direction.FORWARD, 100);

        assertEquals(List.of("GET /b 500", "POST /c 500"), lines(CollectedStreams.scan(ing, "t1", q)));
    }

    @Test
    void timeRangeIncludesStartAndExcludesEnd() throws Exception {
        push(ing, "t1", labels("app", "web"), entry(1, "a"), entry(2, "b"), entry(3, "c"), entry(4, "d"));
        StreamQuery q = new StreamQuery(List.of(eq("app", "web")), dev.sigyn.logql.LineFilter.ALL,
                T0_NANOS + 2 * SECOND, T0_NANOS + 4 * SECOND, Direction.FORWARD, 100);

        assertEquals(List.of("b", "c"), lines(CollectedStreams.scan(ing, "t1", q)));
    }

    @Test
    void queriesReadCutBlocksAndTheHeadTogether() throws Exception {
        ing.close();
        fx.chunkSizes(64, 1 << 20); // a block every few entries
        ing = fx.start();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) entries.add(entry(i % 2 == 0 ? i : 80 - i, "entry number " + i));
        ing.push(new PushRequest("t1", List.of(new StreamPush(labels("app", "web"), entries))));

        List<StreamResult> result = CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 0));
        assertEquals(1, result.size());
        List<Entry> got = result.getFirst().entries();
        assertEquals(40, got.size());
        for (int i = 1; i < got.size(); i++) assertTrue(got.get(i - 1).timestampNanos() <= got.get(i).timestampNanos());
        assertEquals("entry number 0", got.getFirst().line());
        assertEquals(List.of("entry number 1", "entry number 3"), lines(CollectedStreams.scan(ing, "t1", query(Direction.BACKWARD, 2))));
    }

    @Test
    void streamsAreSelectedByAllMatchers() throws Exception {
        push(ing, "t1", labels("app", "web", "env", "prod"), entry(1, "web-prod"));
        push(ing, "t1", labels("app", "web", "env", "dev"), entry(1, "web-dev"));
        push(ing, "t1", labels("app", "api", "env", "prod"), entry(1, "api-prod"));

        assertEquals(Set.of("web-prod"), Set.copyOf(lines(CollectedStreams.scan(ing, "t1",
                query(Direction.FORWARD, 10, eq("app", "web"), eq("env", "prod"))))));
        assertEquals(Set.of("web-prod", "api-prod"), Set.copyOf(lines(CollectedStreams.scan(ing, "t1",
                query(Direction.FORWARD, 10, LabelMatcher.of("app", LabelMatcher.Type.RE, "web|api"), eq("env", "prod"))))));
        assertEquals(Set.of("web-dev"), Set.copyOf(lines(CollectedStreams.scan(ing, "t1",
                query(Direction.FORWARD, 10, eq("app", "web"), LabelMatcher.of("env", LabelMatcher.Type.NRE, "prod"))))));
        assertEquals(Set.of("api-prod"), Set.copyOf(lines(CollectedStreams.scan(ing, "t1",
                query(Direction.FORWARD, 10, LabelMatcher.of("app", LabelMatcher.Type.RE, ".+"),
                        LabelMatcher.of("app", LabelMatcher.Type.NEQ, "web"))))));
        assertEquals(List.of(), CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 10, eq("app", "nope"))));
    }

    @Test
    void seriesListsStreamsWithDataInTheRange() throws Exception {
        Labels web = labels("app", "web");
        Labels api = labels("app", "api");
        push(ing, "t1", web, entry(10, "w"));
        push(ing, "t1", api, entry(100, "a"));

        assertEquals(Set.of(web, api), ing.series("t1", List.of(), T0_NANOS, T0_NANOS + 1000 * SECOND));
        assertEquals(Set.of(web), ing.series("t1", List.of(), T0_NANOS, T0_NANOS + 50 * SECOND));
        assertEquals(Set.of(api), ing.series("t1", List.of(eq("app", "api")), T0_NANOS, T0_NANOS + 1000 * SECOND));
        assertEquals(Set.of(), ing.series("t1", List.of(), T0_NANOS + 101 * SECOND, T0_NANOS + 1000 * SECOND));
    }

    @Test
    void tenantsDoNotSeeEachOthersStreams() throws Exception {
        push(ing, "alice", labels("app", "web"), entry(1, "alice's line"));
        push(ing, "bob", labels("app", "web"), entry(1, "bob's line"));

        assertEquals(List.of("alice's line"), allLines(ing, "alice"));
        assertEquals(List.of("bob's line"), allLines(ing, "bob"));
        assertEquals(List.of(), allLines(ing, "carol"));
        assertEquals(Set.of(labels("app", "web")), ing.series("bob", List.of(), 0, Long.MAX_VALUE));
    }

    @Test
    void structuredMetadataIsKeptWithTheEntry() throws Exception {
        Labels md = labels("trace_id", "abc");
        push(ing, "t1", labels("app", "web"), new Entry(T0_NANOS, "with metadata", md));

        Entry got = CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 10)).getFirst().entries().getFirst();
        assertEquals(md, got.structuredMetadata());
    }

    private static boolean contains(byte[] buf, int off, int len, byte[] needle) {
        outer:
        for (int i = off; i + needle.length <= off + len; i++) {
            for (int j = 0; j < needle.length; j++) if (buf[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void anEntryAStreamHoldsTwiceOutsideItsHeadBlockIsReadOnce() throws Exception {
        // A write-log record read again after a client retried a push Kafka had taken: its entries arrive after the
        // head was cut into blocks, where repeats are no longer refused.
        Ingester partition = Ingester.forPartition(IngesterConfig.defaults().withChunkBlockSize(64),
                tenant -> LimitsConfig.defaults(), new dev.sigyn.store.InMemoryBlobStore(), "p0",
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), fx.clock,
                new dev.sigyn.ingester.tail.TailBroker(Runnable::run));
        partition.start();
        try {
            Labels web = labels("app", "web");
            List<dev.sigyn.store.chunk.ChunkEntry> batch = List.of(
                    new dev.sigyn.store.chunk.ChunkEntry(T0_NANOS, "same time a".repeat(10).getBytes(), Labels.EMPTY),
                    new dev.sigyn.store.chunk.ChunkEntry(T0_NANOS, "same time b".repeat(10).getBytes(), Labels.EMPTY),
                    new dev.sigyn.store.chunk.ChunkEntry(T0_NANOS + SECOND, "later".repeat(20).getBytes(), Labels.EMPTY));
            partition.applyLogged(1, "t1", web, batch);
            partition.applyLogged(2, "t1", web, batch);
            for (Direction d : Direction.values()) {
                List<String> read = lines(CollectedStreams.scan(partition, "t1", query(d, 100, eq("app", "web"))));
                assertEquals(3, read.size(), d + ": " + read);
                assertEquals(3, new java.util.HashSet<>(read).size(), d + ": " + read);
                assertEquals(2, lines(CollectedStreams.scan(partition, "t1", query(d, 2, eq("app", "web")))).size());
            }
        } finally {
            partition.close();
        }
    }
}

package dev.sigyn.ingester.tail;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TailListener;
import dev.sigyn.logql.tail.TooManyTails;
import dev.sigyn.store.chunk.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-process {@link LiveTails}: what a tail hears, through the interface the querier uses. */
class TailBrokerTest {
    private static final LogSelectorExpr WEB = query("{app=\"web\"}");

    /** The tail threads, run by hand: whatever a tail does outside {@code publish} waits here until {@link #work}. */
    private final Queue<Runnable> tailThreads = new ArrayDeque<>();
    private final Executor workers = tailThreads::add;
    private final TailBroker broker = new TailBroker(workers);
    private final LiveTails tails = broker;
    private final Recorder heard = new Recorder();

    /** What a listener heard, as text, and on which threads. */
    private static final class Recorder implements TailListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onLine(LogLine line) {
            threads.add(Thread.currentThread());
            events.add(line.allLabels() + " " + line.timestampNanos() + " " + line.line());
        }

        @Override
        public void onDropped(Labels stream, long timestampNanos) {
            threads.add(Thread.currentThread());
            events.add("dropped " + stream + " " + timestampNanos);
        }
    }

    private static LogSelectorExpr query(String text) {
        return (LogSelectorExpr) Parser.parseExpr(text);
    }

    private void publish(String tenant, String app, String... lines) {
        List<ChunkEntry> entries = new ArrayList<>(); // a list the push path could change, as the ingester's is
        for (int i = 0; i < lines.length; i++) {
            entries.add(new ChunkEntry(i + 1, lines[i].getBytes(StandardCharsets.UTF_8), Labels.EMPTY));
        }
        broker.publish(tenant, Labels.of("app", app), entries);
        entries.clear();
    }

    /** Runs the tail threads' queued work on this thread. */
    private void work() {
        for (Runnable r; (r = tailThreads.poll()) != null; ) r.run();
    }

    @Test
    void aTailHearsOnlyItsTenantsSelectedStreamsUntilClosed() throws Exception {
        LiveTails.Subscription s = tails.subscribe("acme", WEB, 10, heard);

        publish("acme", "web", "one");
        publish("acme", "db", "not selected");
        publish("other", "web", "another tenant");
        work();
        s.close();
        publish("acme", "web", "after close");
        work();

        assertEquals(List.of("{app=\"web\"} 1 one"), heard.events);
    }

    @Test
    void aTenantAtItsTailLimitIsRefusedWithLokisMessageUntilATailCloses() throws Exception {
        LiveTails.Subscription first = tails.subscribe("acme", WEB, 1, heard);

        TooManyTails refused = assertThrows(TooManyTails.class, () -> tails.subscribe("acme", WEB, 1, heard));
        assertEquals("max concurrent tail requests limit exceeded, count > limit (2 > 1)", refused.getMessage());

        first.close();
        tails.subscribe("acme", WEB, 1, heard).close();
        assertEquals(0, broker.activeTails("acme"));
    }

    @Test
    void theQueryPipelineRunsInTheBrokerAndOnlyFormattedSurvivingLinesReachTheListener() throws Exception {
        tails.subscribe("acme", query("{app=\"a\"} |= \"x\" | logfmt | line_format \"{{.app}}: {{.msg}}\""), 10,
                heard);

        publish("acme", "a", "msg=x1", "msg=no", "msg=x2");
        work();

        assertEquals(List.of("{app=\"a\", msg=\"x1\"} 1 a: x1", "{app=\"a\", msg=\"x2\"} 3 a: x2"), heard.events);
    }

    @Test
    void publishOnlyQueuesThePipelineRunsOnTheTailThreads() throws Exception {
        tails.subscribe("acme", query("{app=\"web\"} | line_format \"formatted\""), 10, heard);

        publish("acme", "web", "one", "two");
        assertEquals(List.of(), heard.events, "nothing ran on the pushing thread");
        assertEquals(1, tailThreads.size(), "one run of the tail queued for both lines");

        Thread worker = new Thread(this::work, "tail-worker");
        worker.start();
        worker.join();
        assertEquals(List.of("{app=\"web\"} 1 formatted", "{app=\"web\"} 2 formatted"), heard.events);
        assertEquals(List.of(worker, worker), heard.threads);
    }

    @Test
    void entriesThatOverflowATailsQueueAreDroppedBeforeThePipelineAndReported() throws Exception {
        TailBroker small = new TailBroker(workers, 2);
        small.subscribe("acme", query("{app=\"web\"} |= \"kept\""), 10, heard);

        small.publish("acme", Labels.of("app", "web"), List.of(entry(1, "kept 1"), entry(2, "skipped"),
                entry(3, "kept 3"), entry(4, "kept 4")));
        small.publish("acme", Labels.of("app", "web"), List.of(entry(5, "kept 5")));
        work();

        assertEquals(List.of("dropped {app=\"web\"} 3", "dropped {app=\"web\"} 4", "dropped {app=\"web\"} 5",
                "{app=\"web\"} 1 kept 1"), heard.events);

        // Once the tail caught up, new entries fit again.
        heard.events.clear();
        small.publish("acme", Labels.of("app", "web"), List.of(entry(6, "kept 6")));
        work();
        assertEquals(List.of("{app=\"web\"} 6 kept 6"), heard.events);
    }

    @Test
    void aFailingListenerClosesOnlyItsOwnTail() throws Exception {
        tails.subscribe("acme", WEB, 10, new TailListener() {
            @Override
            public void onLine(LogLine line) {
                throw new IllegalStateException("broken");
            }

            @Override
            public void onDropped(Labels stream, long timestampNanos) {
            }
        });
        tails.subscribe("acme", WEB, 10, heard);

        publish("acme", "web", "one");
        work();

        assertEquals(List.of("{app=\"web\"} 1 one"), heard.events);
        assertEquals(1, broker.activeTails("acme"), "the broken tail freed its place");
    }

    @Test
    void aQueryWhosePipelineDoesNotCompileIsRefusedAtSubscribe() {
        assertThrows(RuntimeException.class, () -> tails.subscribe("acme",
                query("{app=\"web\"} | label_format a=\"{{.x}}\", a=\"{{.y}}\""), 10, heard));
        assertTrue(!broker.isTailed("acme"));
    }

    private static ChunkEntry entry(long ts, String line) {
        return new ChunkEntry(ts, line.getBytes(StandardCharsets.UTF_8), Labels.EMPTY);
    }
}

package dev.sigyn.ingester.tail;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The in-process {@link LiveTails}: what a tail hears, through the interface the querier uses. */
class TailBrokerTest {
    private static final List<LabelMatcher> WEB = List.of(LabelMatcher.of("app", LabelMatcher.Type.EQ, "web"));

    private final TailBroker broker = new TailBroker();
    private final LiveTails tails = broker;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private final TailListener listener = (stream, entries) -> {
        for (ChunkEntry e : entries) heard.add(stream.get("app") + ": " + new String(e.line(), StandardCharsets.UTF_8));
    };

    private void publish(String tenant, String app, String line) {
        // A list the push path could change, as the ingester's is.
        broker.publish(tenant, Labels.of("app", app),
                new ArrayList<>(List.of(new ChunkEntry(1, line.getBytes(StandardCharsets.UTF_8), Labels.EMPTY))));
    }

    @Test
    void aTailHearsOnlyItsTenantsSelectedStreamsUntilClosed() throws Exception {
        LiveTails.Subscription s = tails.subscribe("acme", WEB, 10, listener);

        publish("acme", "web", "one");
        publish("acme", "db", "not selected");
        publish("other", "web", "another tenant");
        s.close();
        publish("acme", "web", "after close");

        assertEquals(List.of("web: one"), heard);
    }

    @Test
    void aTenantAtItsTailLimitIsRefusedWithLokisMessageUntilATailCloses() throws Exception {
        LiveTails.Subscription first = tails.subscribe("acme", WEB, 1, listener);

        TooManyTails refused = assertThrows(TooManyTails.class, () -> tails.subscribe("acme", WEB, 1, listener));
        assertEquals("max concurrent tail requests limit exceeded, count > limit (2 > 1)", refused.getMessage());

        first.close();
        tails.subscribe("acme", WEB, 1, listener).close();
    }

    @Test
    void aListenerCannotChangeTheEntriesOtherTailsHear() throws Exception {
        // Its attempt fails, so the broker closes it; the tail after it still hears the line.
        tails.subscribe("acme", WEB, 10, (stream, entries) -> entries.clear());

        tails.subscribe("acme", WEB, 10, listener);
        publish("acme", "web", "one");

        assertEquals(List.of("web: one"), heard);
    }
}

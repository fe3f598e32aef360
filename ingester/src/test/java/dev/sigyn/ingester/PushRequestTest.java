package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.store.chunk.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A push handed to a {@link Pusher} is a value: what the caller does with its lists afterwards cannot change it. */
class PushRequestTest {
    private static final Labels WEB = Labels.of("app", "web");

    @Test
    void theCallersListsChangingAfterwardsDoNotChangeThePush() {
        List<Entry> entries = new ArrayList<>(List.of(new Entry(1, "first")));
        List<StreamPush> streams = new ArrayList<>(List.of(new StreamPush(WEB, entries)));
        PushRequest push = new PushRequest("acme", streams);

        entries.add(new Entry(2, "added later"));
        streams.add(new StreamPush(Labels.of("app", "db"), List.of(new Entry(3, "db"))));

        assertEquals(List.of(new StreamPush(WEB, List.of(new Entry(1, "first")))), push.streams());
        assertEquals(1, push.lines());
    }

    @Test
    void entriesKeptAsBytesCannotBeChangedOnceBuilt() {
        EncodedEntries built = new EncodedEntries.Builder(1)
                .addEncoded(new ChunkEntry(1, "line".getBytes(StandardCharsets.UTF_8), null)).build();
        PushRequest push = new PushRequest("acme", List.of(new StreamPush(WEB, built)));

        List<Entry> entries = push.streams().getFirst().entries();
        assertThrows(UnsupportedOperationException.class, () -> entries.add(new Entry(2, "more")));
        assertEquals(List.of(new Entry(1, "line", Labels.EMPTY)), entries);
    }

    @Test
    void theOutcomeIsAValueToo() {
        List<String> bad = new ArrayList<>(List.of("entry too far behind"));
        PushOutcome outcome = new PushOutcome(1, bad, List.of());

        bad.clear();

        assertEquals(List.of("entry too far behind"), outcome.badEntries());
    }
}

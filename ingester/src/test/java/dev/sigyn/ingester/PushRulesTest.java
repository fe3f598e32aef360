package dev.sigyn.ingester;

import dev.sigyn.logql.source.CollectedStreams;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.sigyn.ingester.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** Loki's rules for what a push may add to a stream, and the messages it answers with. */
class PushRulesTest {
    @TempDir Path dir;
    Ingester ing;

    @AfterEach
    void tearDown() throws Exception {
        if (ing != null) ing.close();
    }

    @Test
    void outOfOrderEntriesWithinHalfTheMaxChunkAgeAreAccepted() throws Exception {
        ing = new Fixture(dir).start(); // max_chunk_age 2h: window 1h
        Labels s = labels("app", "web");
        push(ing, "t1", s, entry(7200, "newest"));
        PushOutcome out = push(ing, "t1", s, entry(3600, "exactly at the cutoff"), entry(5000, "inside"));

        assertTrue(out.ok(), out.toString());
        assertEquals(2, out.accepted());
        assertEquals(List.of("exactly at the cutoff", "inside", "newest"), allLines(ing, "t1"));
    }

    @Test
    void entriesOlderThanTheWindowAreRejectedWithLokisMessage() throws Exception {
        ing = new Fixture(dir).start();
        Labels s = labels("app", "web");
        push(ing, "t1", s, entry(7200, "newest")); // 2024-05-01T12:00:00Z
        Entry old = new Entry(T0_NANOS + 3599 * SECOND + 500_000_000L, "too old");

        PushOutcome out = ing.push(new PushRequest("t1", List.of(new StreamPush(s, List.of(old, entry(7300, "fine"))))));

        assertEquals(1, out.accepted());
        assertEquals(List.of(), out.limitErrors());
        assertEquals(List.of("entry with timestamp 2024-05-01 10:59:59.5 +0000 UTC ignored, reason: 'entry too far behind,"
                + " entry timestamp is: 2024-05-01T10:59:59Z, oldest acceptable timestamp is: 2024-05-01T11:00:00Z',\n"
                + "user 't1', total ignored: 1 out of 2 for stream: {app=\"web\"}"), out.badEntries());
        assertEquals(List.of("newest", "fine"), allLines(ing, "t1"));
    }

    @Test
    void theWindowFollowsTheNewestEntryWithinTheSamePush() throws Exception {
        ing = new Fixture(dir).start();
        PushOutcome out = push(ing, "t1", labels("app", "web"), entry(0, "first"), entry(7200, "jump"), entry(10, "behind"));

        assertEquals(2, out.accepted());
        assertEquals(1, out.badEntries().size());
        assertTrue(out.badEntries().getFirst().endsWith("total ignored: 1 out of 3 for stream: {app=\"web\"}"));
    }

    @Test
    void exactDuplicatesAreDroppedSilently() throws Exception {
        ing = new Fixture(dir).start();
        Labels s = labels("app", "web");
        push(ing, "t1", s, entry(1, "a"), entry(2, "b"));

        PushOutcome again = push(ing, "t1", s, entry(1, "a"), entry(2, "b"), entry(2, "b"));
        PushOutcome sameTimeOtherLine = push(ing, "t1", s, entry(1, "a2"));
        PushOutcome otherMetadata = push(ing, "t1", s, new Entry(T0_NANOS + 2 * SECOND, "b", labels("trace", "x")));

        assertTrue(again.ok());
        assertEquals(0, again.accepted());
        assertEquals(1, sameTimeOtherLine.accepted());
        assertEquals(1, otherMetadata.accepted());
        assertEquals(List.of("a", "a2", "b", "b"), allLines(ing, "t1"));
    }

    @Test
    void aNewStreamBeyondTheTenantLimitIsRefusedWith429Message() throws Exception {
        ing = new Fixture(dir).streamLimits(2, 0, 0).start();
        push(ing, "t1", labels("app", "a"), entry(1, "a"));
        push(ing, "t1", labels("app", "b"), entry(1, "b"));

        PushOutcome out = push(ing, "t1", labels("app", "c"), entry(1, "c"));
        PushOutcome existing = push(ing, "t1", labels("app", "a"), entry(2, "a again"));
        PushOutcome otherTenant = push(ing, "t2", labels("app", "c"), entry(1, "c"));

        assertEquals(0, out.accepted());
        assertEquals(List.of("Maximum active stream limit exceeded when trying to create stream {app=\"c\"}, reduce the"
                + " number of active streams (reduce labels or reduce label values), or contact your Loki administrator"
                + " to see if the limit can be increased, user: 't1'"), out.limitErrors());
        assertTrue(existing.ok());
        assertTrue(otherTenant.ok());
        assertEquals(List.of("a", "a again", "b"), allLines(ing, "t1"));
    }

    @Test
    void inOnePushStreamsAreCreatedAndReportedInRequestOrder() throws Exception {
        // Pushes store their streams starting from a different one each time (lock convoys); what a client sees must
        // not depend on that: the first streams in the request get the free places, errors come in request order.
        ing = new Fixture(dir).streamLimits(3, 0, 0).start();
        for (int round = 0; round < 4; round++) {
            List<StreamPush> streams = new ArrayList<>();
            for (String app : new String[]{"a", "b", "c", "d", "e"}) {
                streams.add(new StreamPush(labels("app", app), List.of(entry(round, app + round))));
            }
            PushOutcome out = ing.push(new PushRequest("t1", streams));
            assertEquals(3, out.accepted(), "round " + round);
            assertEquals(2, out.limitErrors().size());
            assertTrue(out.limitErrors().get(0).contains("{app=\"d\"}"), out.limitErrors().get(0));
            assertTrue(out.limitErrors().get(1).contains("{app=\"e\"}"), out.limitErrors().get(1));
        }
        assertEquals(List.of("a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3", "c0", "c1", "c2", "c3"), allLines(ing, "t1"));
    }

    @Test
    void aStreamNamedTwiceInOnePushKeepsItsPartsInRequestOrder() throws Exception {
        ing = new Fixture(dir).start();
        for (int round = 0; round < 4; round++) {
            // In request order the second part of {app="x"} is three hours behind the first, outside the
            // out-of-order window: refused. Applied the other way round, both parts would be accepted.
            String tenant = "t" + round;
            PushOutcome out = ing.push(new PushRequest(tenant, List.of(
                    new StreamPush(labels("app", "x"), List.of(entry(3 * 3600, "new"))),
                    new StreamPush(labels("app", "y"), List.of(entry(0, "y"))),
                    new StreamPush(labels("app", "x"), List.of(entry(0, "old"))))));
            assertEquals(2, out.accepted(), "round " + round);
            assertEquals(1, out.badEntries().size(), out.toString());
            assertEquals(List.of("new", "y"), allLines(ing, tenant));
        }
    }

    @Test
    void flushedStreamsNoLongerCountAgainstTheLimit() throws Exception {
        ing = new Fixture(dir).streamLimits(1, 0, 0).start();
        push(ing, "t1", labels("app", "a"), entry(1, "a"));
        assertFalse(push(ing, "t1", labels("app", "b"), entry(1, "b")).ok());

        ing.flushAll();

        assertTrue(push(ing, "t1", labels("app", "b"), entry(1, "b")).ok());
    }

    @Test
    void perStreamRateLimitRefusesEntriesBeyondTheBurstWith429Message() throws Exception {
        Fixture fx = new Fixture(dir).streamLimits(0, 10, 20); // 10 B/s, burst 20 B
        ing = fx.start();
        Labels s = labels("app", "web");

        PushOutcome out = push(ing, "t1", s, entry(1, "0123456789"), entry(2, "0123456789"), entry(3, "0123456789"));

        assertEquals(2, out.accepted());
        assertEquals(List.of(), out.badEntries());
        assertEquals(List.of("entry with timestamp 2024-05-01 10:00:03 +0000 UTC ignored, reason: 'Per stream rate limit"
                + " exceeded (limit: 10B/sec) while attempting to ingest for stream '{app=\"web\"}' totaling 10B, consider"
                + " splitting a stream via additional labels or contact your Loki administrator to see if the limit can be"
                + " increased',\nuser 't1', total ignored: 1 out of 3 for stream: {app=\"web\"}"), out.limitErrors());

        fx.clock.advance(Duration.ofSeconds(1)); // refills 10 bytes
        assertTrue(push(ing, "t1", s, entry(3, "0123456789")).ok());
        assertFalse(push(ing, "t1", s, entry(4, "0123456789")).ok());
        assertEquals(3, CollectedStreams.scan(ing, "t1", query(Direction.FORWARD, 100)).getFirst().entries().size());
    }

    @Test
    void rateLimitsArePerStream() throws Exception {
        ing = new Fixture(dir).streamLimits(0, 10, 10).start();
        assertTrue(push(ing, "t1", labels("app", "a"), entry(1, "0123456789")).ok());
        assertTrue(push(ing, "t1", labels("app", "b"), entry(1, "0123456789")).ok());
        assertFalse(push(ing, "t1", labels("app", "a"), entry(2, "0123456789")).ok());
    }

    @Test
    void aChangedTenantLimitAppliesToItsExistingStreamsAtTheNextPush() throws Exception {
        Fixture fx = new Fixture(dir).streamLimits(1, 0, 0); // one stream, no rate limit
        ing = fx.start();
        Labels web = labels("app", "web");
        assertTrue(push(ing, "t1", web, entry(1, "0123456789")).ok());
        assertFalse(push(ing, "t1", labels("app", "db"), entry(1, "x")).ok(), "at the stream limit");

        fx.streamLimits(2, 10, 10);

        assertTrue(push(ing, "t1", labels("app", "db"), entry(1, "x")).ok(), "the raised stream limit");
        assertTrue(push(ing, "t1", web, entry(2, "0123456789")).ok());
        assertFalse(push(ing, "t1", web, entry(3, "0123456789")).ok(), "the new rate limit on the old stream");
    }
}

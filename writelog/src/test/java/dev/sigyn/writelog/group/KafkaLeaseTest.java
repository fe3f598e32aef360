package dev.sigyn.writelog.group;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.sigyn.writelog.group.GroupMembershipTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.*;

/** The compactor's lease against a real broker: one holder at a time, and a takeover when the holder goes. */
class KafkaLeaseTest {
    private static final Duration SESSION = Duration.ofSeconds(6);
    private static Properties base;

    @BeforeAll
    static void startKafka() {
        base = SharedKafka.base();
    }

    /** Every onAcquired and onLost of a test's leases, with the time it ran. */
    private static final class Timeline {
        record Event(long nanos, String holder, boolean acquired) {}

        private final List<Event> events = new ArrayList<>();

        KafkaLease lease(String name, String group) {
            int port = 9100 + Math.floorMod(name.hashCode(), 800);
            return new KafkaLease(base, KafkaLease.compactorLeaseTopic("writes-" + group), group, (short) 1,
                    new MemberAddress("compactor", "127.0.0.1:" + port, "127.0.0.1:" + (port + 1000)), SESSION,
                    new KafkaLease.Listener() {
                        @Override
                        public void onAcquired() {
                            record(name, true);
                        }

                        @Override
                        public void onLost() {
                            record(name, false);
                        }
                    });
        }

        synchronized void record(String holder, boolean acquired) {
            events.add(new Event(System.nanoTime(), holder, acquired));
        }

        /** Replays the events in time order: no acquisition while another holder has not yet lost the lease. */
        synchronized void assertNeverTwoHolders() {
            Set<String> holding = new HashSet<>();
            for (Event e : events.stream().sorted((x, y) -> Long.compare(x.nanos(), y.nanos())).toList()) {
                if (e.acquired()) {
                    assertTrue(holding.isEmpty(), () -> e.holder() + " acquired while " + holding + " held: " + events);
                    holding.add(e.holder());
                } else {
                    holding.remove(e.holder());
                }
            }
        }

        synchronized boolean has(String holder, boolean acquired) {
            return events.stream().anyMatch(e -> e.holder().equals(holder) && e.acquired() == acquired);
        }

        synchronized long timeOf(String holder, boolean acquired) {
            return events.stream().filter(e -> e.holder().equals(holder) && e.acquired() == acquired)
                    .mapToLong(Event::nanos).max().orElseThrow(() -> new AssertionError("no such event: " + holder
                            + (acquired ? " acquired" : " lost") + " in " + events));
        }
    }

    @Test
    void exactlyOneOfSeveralHoldsTheLease() throws Exception {
        Timeline timeline = new Timeline();
        try (KafkaLease a = timeline.lease("a", "one-of-three");
             KafkaLease b = timeline.lease("b", "one-of-three");
             KafkaLease c = timeline.lease("c", "one-of-three")) {
            a.start();
            b.start();
            c.start();
            List<KafkaLease> leases = List.of(a, b, c);
            awaitTrue(() -> leases.stream().anyMatch(KafkaLease::isHeld), Duration.ofSeconds(10), () -> "no holder");
            for (int i = 0; i < 40; i++) {
                assertEquals(1, leases.stream().filter(KafkaLease::isHeld).count(), "holders at sample " + i);
                Thread.sleep(50);
            }
        }
        timeline.assertNeverTwoHolders();
    }

    @Test
    void closingTheHolderHandsTheLeaseOverAtOnce() throws Exception {
        Timeline timeline = new Timeline();
        try (KafkaLease a = timeline.lease("a", "hand-over");
             KafkaLease b = timeline.lease("b", "hand-over")) {
            a.start();
            awaitTrue(a::isHeld, Duration.ofSeconds(10), () -> "a never held the lease");
            b.start();
            Thread.sleep(500);
            assertTrue(a.isHeld());
            assertFalse(b.isHeld());

            long t0 = System.nanoTime();
            a.close();
            assertFalse(a.isHeld());
            // (isHeld turns true just before onAcquired runs: wait for the callback, whose time the checks compare)
            awaitTrue(() -> b.isHeld() && timeline.has("b", true), Duration.ofSeconds(3),
                    () -> "b did not take over within 3 s");
            assertTrue(timeline.timeOf("a", false) < timeline.timeOf("b", true));
            assertTrue(timeline.timeOf("b", true) - t0 < TimeUnit.SECONDS.toNanos(3));
        }
        timeline.assertNeverTwoHolders();
    }

    @Test
    void aHolderCutOffFromTheCoordinatorLetsGoBeforeAnotherTakesOver() throws Exception {
        Timeline timeline = new Timeline();
        try (KafkaLease a = timeline.lease("a", "cut-off");
             KafkaLease b = timeline.lease("b", "cut-off")) {
            a.start();
            awaitTrue(a::isHeld, Duration.ofSeconds(10), () -> "a never held the lease");
            b.start();
            Thread.sleep(500);
            assertTrue(a.isHeld());

            long t0 = System.nanoTime();
            a.simulateCutOff(); // no heartbeats, no commits, no leave: only its session's end frees the lease
            // Measured here: a lets go about 5 s after the cut (session − margin), b takes over about 1.5 s later.
            awaitTrue(() -> b.isHeld() && timeline.has("b", true), SESSION.plusSeconds(5),
                    () -> "b did not take over");
            long lost = timeline.timeOf("a", false);
            long acquired = timeline.timeOf("b", true);
            assertTrue(lost < acquired, "a lost the lease " + (lost - acquired) / 1_000_000 + " ms after b acquired it");
            assertTrue(lost - t0 <= SESSION.toNanos(), "a let go only after " + (lost - t0) / 1_000_000 + " ms");
            assertFalse(a.isHeld());
        }
        timeline.assertNeverTwoHolders();
    }
}

package dev.sigyn.ingester;

import dev.sigyn.store.BlobStore;
import dev.sigyn.store.InMemoryBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sigyn.ingester.Fixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** The ingester while the object store is down: bounded backlog, retries with backoff, nothing acknowledged lost. */
class BacklogTest {
    @TempDir Path dir;

    @Test
    void pushesAreRefusedPastTheUnflushedLimitAndAcceptedAgainOnceFlushed() throws Exception {
        DownStore store = new DownStore();
        Fixture fx = new Fixture(dir, store);
        fx.cfg = fx.cfg.withMaxUnflushedBytes(1000);
        Ingester ing = fx.start();
        store.down = true;

        int accepted = 0;
        BacklogFullException refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            try {
                push(ing, "t1", labels("app", "web"), entry(i, "x".repeat(95) + String.format("%04d", i)));
                accepted++;
            } catch (BacklogFullException e) {
                refused = e;
            }
        }
        assertNotNull(refused, "the limit never applied");
        assertEquals(11, accepted, "99-byte lines: the 11th push finds 990 bytes held, the 12th 1089");
        assertTrue(refused.getMessage().startsWith("ingester unflushed data limit exceeded (limit: 1000B, unflushed: 1089 bytes)"),
                refused.getMessage());
        assertNotNull(ing.refusal());
        assertEquals(accepted, allLines(ing, "t1").size(), "a refused push wrote nothing");
        assertEquals(1089.0, fx.metrics.get("sigyn.ingester.unflushed").gauge().value());

        assertThrows(IOException.class, ing::flushAll);
        assertNotNull(ing.refusal(), "still full while the store is down");

        store.down = false;
        ing.flushAll();
        assertNull(ing.refusal());
        assertEquals(0.0, fx.metrics.get("sigyn.ingester.unflushed").gauge().value());
        push(ing, "t1", labels("app", "web"), entry(200, "accepted again"));
        ing.close();
        assertEquals(accepted + 1, storedEntries(store), "every acknowledged entry reached the store");
    }

    @Test
    void aFailingCycleStopsAtTheFirstFailedWriteAndTheLoopBacksOff() throws Exception {
        DownStore store = new DownStore();
        Fixture fx = new Fixture(dir, store).periods(Duration.ofMinutes(1), Duration.ofHours(2));
        fx.cfg = fx.cfg.withFlushCheckPeriod(Duration.ofSeconds(10));
        Ingester ing = fx.start();
        for (int s = 0; s < 10; s++) push(ing, "t1", labels("app", "web", "n", "" + s), entry(s, "line " + s));
        store.down = true;
        fx.clock.advance(Duration.ofMinutes(2)); // every chunk is idle: 10 due

        ing.periodicFlush();
        assertEquals(1, store.attempts.get(), "a cycle stops at the first failed write (the store retried it already)");
        assertEquals(1.0, fx.metrics.get("sigyn.ingester.flush.failing.cycles").gauge().value());

        ing.periodicFlush(); // 0 s later: within the 10 s backoff
        assertEquals(1, store.attempts.get());
        fx.clock.advance(Duration.ofSeconds(10));
        ing.periodicFlush(); // second failure: the wait doubles to 20 s
        assertEquals(2, store.attempts.get());
        fx.clock.advance(Duration.ofSeconds(10));
        ing.periodicFlush();
        assertEquals(2, store.attempts.get(), "still backing off");

        store.down = false;
        fx.clock.advance(Duration.ofSeconds(10));
        ing.periodicFlush();
        assertEquals(10, store.list("chunks/t1/").size(), "every chunk flushed once the store is back");
        assertEquals(0.0, fx.metrics.get("sigyn.ingester.flush.failing.cycles").gauge().value());
        assertEquals(List.of(), allLines(ing, "t1"));
        ing.close();
    }

    @Test
    void aChunkThatAlwaysFailsDoesNotKeepTheOthersFromBeingFlushed() throws Exception {
        DownStore store = new DownStore();
        Fixture fx = new Fixture(dir, store);
        Ingester ing = fx.start();
        dev.sigyn.logql.Labels poison = labels("app", "poison");
        store.refusedKeyPart = "/" + Long.toHexString(poison.fingerprint()) + "/";
        push(ing, "t1", poison, entry(0, "never stored"));
        for (int s = 0; s < 4; s++) push(ing, "t1", labels("app", "web", "n", "" + s), entry(s, "line " + s));

        for (int attempt = 0; attempt < 2; attempt++) assertThrows(IOException.class, ing::flushAll);
        assertEquals(4, store.list("chunks/t1/").size(), "the healthy chunks go first once the poison one failed");
        assertEquals(1, store.list("index/").size());
        assertEquals(List.of("never stored"), allLines(ing, "t1"), "the failing chunk stays in memory");
        ing.close();
    }

    private static int storedEntries(BlobStore store) throws IOException {
        int n = 0;
        for (String key : store.list("chunks/")) {
            AtomicInteger count = new AtomicInteger();
            dev.sigyn.store.chunk.Chunk.decode(store.get(key)).scan(Long.MIN_VALUE, Long.MAX_VALUE,
                    (ts, buf, off, len, md) -> count.incrementAndGet());
            n += count.get();
        }
        return n;
    }

    /** An in-memory store that refuses every write while down (or some keys always), counting the refused attempts. */
    private static final class DownStore implements BlobStore {
        final InMemoryBlobStore delegate = new InMemoryBlobStore();
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean down;
        /** Writes of keys containing this always fail (a chunk the store keeps refusing). */
        volatile String refusedKeyPart;

        @Override public byte[] get(String key) throws IOException { return delegate.get(key); }
        @Override public List<String> list(String prefix) throws IOException { return delegate.list(prefix); }
        @Override public void delete(String key) throws IOException { delegate.delete(key); }

        @Override
        public void put(String key, byte[] data) throws IOException {
            String refused = refusedKeyPart;
            if (down || (refused != null && key.contains(refused))) {
                attempts.incrementAndGet();
                throw new IOException("connection refused");
            }
            delegate.put(key, data);
        }
    }
}

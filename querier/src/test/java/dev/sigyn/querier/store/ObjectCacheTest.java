package dev.sigyn.querier.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A finished read must be gone from the shared in-flight reads by the time its callers see the result: a caller that
 * asks again at once (here, from the completion callback, which runs on the reading thread as the result is handed
 * over) gets a fresh read when nothing is cached, not the old answer or the old error.
 */
class ObjectCacheTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private CompletableFuture<String> askAgainOnCompletion(ObjectCache<String> cache, Function<String, String> read)
            throws Exception {
        AtomicReference<CompletableFuture<String>> second = new AtomicReference<>();
        CompletableFuture<String> gate = new CompletableFuture<>();
        // The read waits until the callback is registered, so the callback runs when the read completes.
        CompletableFuture<String> f = cache.get("k", key -> {
            gate.join();
            return read.apply(key);
        });
        CompletableFuture<Void> asked = f.handle((v, t) -> {
            second.set(cache.get("k", read));
            return null;
        });
        gate.complete("go");
        asked.get(5, TimeUnit.SECONDS);
        assertNotSame(f, second.get(), "the second request was handed the first, finished read");
        return second.get();
    }

    @Test
    void withTheCacheOffARequestRightAfterAReadReadsAgain() throws Exception {
        ObjectCache<String> cache = new ObjectCache<>("test", 0, (k, v) -> v.length(), pool, StoreMetrics.NONE);
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<String> second = askAgainOnCompletion(cache, key -> "value " + reads.incrementAndGet());
        assertEquals("value 2", second.get(5, TimeUnit.SECONDS));
        assertEquals(2, reads.get());
    }

    @Test
    void aRequestRightAfterAFailedReadTriesAgain() throws Exception {
        ObjectCache<String> cache = new ObjectCache<>("test", 1 << 20, (k, v) -> v.length(), pool, StoreMetrics.NONE);
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<String> second = askAgainOnCompletion(cache, key -> {
            if (reads.incrementAndGet() == 1) throw new IllegalStateException("store unreachable");
            return "value";
        });
        assertEquals("value", second.get(5, TimeUnit.SECONDS));
        assertEquals(2, reads.get());
    }

    @Test
    void withTheCacheOnARequestRightAfterAReadIsAnsweredFromTheCache() throws Exception {
        ObjectCache<String> cache = new ObjectCache<>("test", 1 << 20, (k, v) -> v.length(), pool, StoreMetrics.NONE);
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<String> second = askAgainOnCompletion(cache, key -> "value " + reads.incrementAndGet());
        assertEquals("value 1", second.get(5, TimeUnit.SECONDS));
        assertEquals(1, reads.get());
    }
}

package dev.sigyn.querier;

import dev.sigyn.logql.QueryCancelledException;
import dev.sigyn.logql.QueryContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryPoolTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static Call call(String tenant) {
        return new Call(Call.Endpoint.QUERY_RANGE, tenant, null, 0, QueryContext.of(0));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void partsRunOnTheQueryThreadsNoMoreAtOnceThanConfigured() throws Exception {
        QueryPool pool = new QueryPool(vertx, 3, true);
        AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            parts.add(pool.run(call("t" + (i % 4)), () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                Thread.sleep(30);
                running.decrementAndGet();
                return 1;
            }));
        }
        for (Future<Integer> f : parts) assertEquals(1, await(f));
        assertTrue(most.get() <= 3, "ran " + most.get() + " at once");
        for (String t : threads) assertTrue(t.startsWith(QueryPool.NAME), t);
    }

    @Test
    void anotherTenantsQueryIsNotQueuedBehindATenantsManySplits() throws Exception {
        QueryPool pool = new QueryPool(vertx, 4, true);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Integer>> splits = new ArrayList<>();
        for (int q = 0; q < 3; q++) {
            Call heavy = call("heavy");
            for (int i = 0; i < 8; i++) {
                splits.add(pool.run(heavy, () -> {
                    release.await();
                    return 1;
                }));
            }
        }
        // Every thread the heavy tenant may hold is taken and 21 splits wait; another tenant's query runs at once.
        assertEquals("answer", await(pool.run(call("light"), () -> "answer")));
        release.countDown();
        for (Future<Integer> f : splits) assertEquals(1, await(f));
    }

    @Test
    void withoutTenantsAnotherQueryIsNotQueuedBehindAQuerysManySplits() throws Exception {
        QueryPool pool = new QueryPool(vertx, 4, false);
        CountDownLatch release = new CountDownLatch(1);
        Call heavy = call("fake");
        List<Future<Integer>> splits = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            splits.add(pool.run(heavy, () -> {
                release.await();
                return 1;
            }));
        }
        assertEquals("answer", await(pool.run(call("fake"), () -> "answer")));
        release.countDown();
        for (Future<Integer> f : splits) assertEquals(1, await(f));
    }

    @Test
    void waitingPartsOfACancelledQueryNeverRun() throws Exception {
        QueryPool pool = new QueryPool(vertx, 1, true);
        CountDownLatch started = new CountDownLatch(1), release = new CountDownLatch(1);
        Call query = call("t");
        Future<Integer> first = pool.run(query, () -> {
            started.countDown();
            release.await();
            return 1;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        AtomicInteger ran = new AtomicInteger();
        List<Future<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) waiting.add(pool.run(query, ran::incrementAndGet));
        RuntimeException deadline = new RuntimeException("deadline");
        query.context.cancel(deadline);
        release.countDown();
        assertEquals(1, await(first));
        for (Future<Integer> f : waiting) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> await(f));
            assertInstanceOf(QueryCancelledException.class, e.getCause());
            assertSame(deadline, e.getCause().getCause());
        }
        assertEquals(0, ran.get());
        // The pool goes on serving other queries.
        assertEquals(2, await(pool.run(call("t"), () -> 2)));
    }

    @Test
    void aFailingPartCancelsItsQuery() {
        QueryPool pool = new QueryPool(vertx, 2, true);
        Call query = call("t");
        IllegalStateException broken = new IllegalStateException("chunk is corrupt");
        assertThrows(ExecutionException.class, () -> await(pool.run(query, () -> {
            throw broken;
        })));
        assertTrue(query.context.isCancelled());
        assertSame(broken, query.context.cancellation().cause());
        assertFalse(call("t").context.isCancelled());
    }

    @Test
    void theQueryThreadsEndWithVertx() throws Exception {
        Vertx own = Vertx.vertx();
        QueryPool pool = new QueryPool(own, 2, true);
        Thread worker = await(pool.run(call("t"), Thread::currentThread));
        assertTrue(worker.getName().startsWith(QueryPool.NAME), worker.getName());
        own.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        worker.join(10_000);
        assertFalse(worker.isAlive(), worker.getName() + " outlived Vert.x");
    }
}

package dev.sigyn.querier;

import dev.sigyn.logql.QueryCancelledException;
import dev.sigyn.logql.QueryContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The query threads: every piece of query work (parsing parameters, reading sources, evaluating splits, writing the
 * answer) runs on this Vert.x worker pool of {@code querier.max_concurrent} threads named {@value #NAME}, and the rest
 * waits its turn, so that however many queries arrive they never take the threads pushes and background work need.
 *
 * <p>Waiting work is not served first come, first served. Queries are grouped by tenant (or, when every request is
 * the same tenant because auth is off, each query is its own group): a free thread goes to the group with the fewest
 * parts running, then to its query with the fewest parts running, then to that query's oldest part, and no group
 * holds every thread: the last one is kept for the others. So however many splits a tenant's heavy queries have
 * queued, another tenant's query starts at once; parts already running are not interrupted, which is why a thread is
 * kept free. Parts of one query never wait for each other, so the bound cannot deadlock.
 *
 * <p>Work runs for its call's {@link QueryContext}: the waiting parts of a cancelled query are dropped without
 * running, and a part that fails cancels its query, so that the query's other parts stop instead of running on for
 * an answer nobody will read. The pool's threads end when Vert.x closes.
 */
final class QueryPool {
    static final String NAME = "sigyn-query";

    private final Vertx vertx;
    private final WorkerExecutor executor;
    private final int threads;
    /** The most threads one group holds at once: all but one, when there is more than one. */
    private final int perGroup;
    /** Whether queries are grouped by tenant, or each query is its own group. */
    private final boolean byTenant;

    // Guarded by this.
    private final Map<QueryContext, Query> queries = new IdentityHashMap<>();
    private final Map<Object, Integer> runningPerGroup = new HashMap<>();
    private int running;
    /** Arrival order of parts across queries, for ties. */
    private long arrivals;

    /**
     * @param threads  {@code querier.max_concurrent}
     * @param byTenant whether tenants are told apart (auth is on); otherwise each query is its own group
     */
    QueryPool(Vertx vertx, int threads, boolean byTenant) {
        this.vertx = vertx;
        this.threads = Math.max(1, threads);
        this.perGroup = Math.max(1, this.threads - 1);
        this.byTenant = byTenant;
        this.executor = vertx.createSharedWorkerExecutor(NAME, this.threads);
    }

    /**
     * Runs {@code work} for the call on a query thread when its turn comes; the future completes on the calling
     * Vert.x context. Parts of one call run side by side.
     */
    <T> Future<T> run(Call call, Callable<T> work) {
        return run(call.context, call.tenant, work);
    }

    /** As {@link #run(Call, Callable)}, for work that has a query's context and tenant but no HTTP call (a split). */
    <T> Future<T> run(QueryContext context, String tenant, Callable<T> work) {
        Context caller = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        synchronized (this) {
            queries.computeIfAbsent(context, c -> new Query(byTenant ? tenant : c)).waiting
                    .add(new Part<>(context, work, promise, caller, arrivals++));
        }
        dispatch();
        return promise.future();
    }

    /** Starts waiting parts while threads are free; parts of cancelled queries are failed without running. */
    private void dispatch() {
        List<Part<?>> start = new ArrayList<>();
        List<Part<?>> dropped = new ArrayList<>();
        synchronized (this) {
            while (running < threads) {
                Query next = next(dropped);
                if (next == null) break;
                Part<?> part = next.waiting.poll();
                next.running++;
                runningPerGroup.merge(next.group, 1, Integer::sum);
                running++;
                start.add(part);
            }
        }
        for (Part<?> p : dropped) p.fail(new QueryCancelledException(p.context.cancellation().cause()));
        for (Part<?> p : start) {
            // execute() never throws, so a failure here means the part never ran: Vert.x is closing.
            try {
                executor.executeBlocking(() -> {
                    QueryThreads.lowerPriority(); // pushes come first on a busy machine
                    return execute(p);
                }, false).onFailure(e -> neverRan(p, e));
            } catch (RuntimeException e) {
                neverRan(p, e);
            }
        }
    }

    private void neverRan(Part<?> part, Throwable cause) {
        finished(part);
        part.fail(cause);
    }

    /**
     * The query whose oldest waiting part starts next (see the class comment), or null when none may start; drops
     * (into {@code dropped}) the waiting parts of cancelled queries and forgets queries with nothing left.
     */
    private Query next(List<Part<?>> dropped) {
        Query best = null;
        int bestGroupRunning = 0;
        var it = queries.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Query q = e.getValue();
            if (e.getKey().isCancelled()) {
                dropped.addAll(q.waiting);
                q.waiting.clear();
            }
            if (q.waiting.isEmpty()) {
                if (q.running == 0) it.remove();
                continue;
            }
            int groupRunning = runningPerGroup.getOrDefault(q.group, 0);
            if (groupRunning >= perGroup) continue;
            if (best == null || groupRunning < bestGroupRunning
                    || (groupRunning == bestGroupRunning && q.running < best.running)
                    || (groupRunning == bestGroupRunning && q.running == best.running
                        && q.waiting.peek().sequence < best.waiting.peek().sequence)) {
                best = q;
                bestGroupRunning = groupRunning;
            }
        }
        return best;
    }

    private <T> Void execute(Part<T> part) {
        try {
            part.context.checkCancelled();
            part.succeed(part.work.call());
        } catch (Throwable t) {
            part.context.cancel(t);
            part.fail(t);
        } finally {
            finished(part);
            dispatch();
        }
        return null;
    }

    /** Gives the part's thread back. */
    private synchronized void finished(Part<?> part) {
        Query q = queries.get(part.context);
        q.running--;
        if (q.running == 0 && q.waiting.isEmpty()) queries.remove(part.context);
        if (runningPerGroup.merge(q.group, -1, Integer::sum) == 0) runningPerGroup.remove(q.group);
        running--;
    }

    /** One call's parts: those waiting, oldest first, and how many run; and the group it counts in. */
    private static final class Query {
        /** The tenant's name, or the query's context when each query is its own group. */
        final Object group;
        final ArrayDeque<Part<?>> waiting = new ArrayDeque<>();
        int running;

        Query(Object group) {
            this.group = group;
        }
    }

    /** A piece of work and where its result goes: the promise, completed on the caller's Vert.x context. */
    private static final class Part<T> {
        final QueryContext context;
        final Callable<T> work;
        final Promise<T> promise;
        final Context caller;
        final long sequence;

        Part(QueryContext context, Callable<T> work, Promise<T> promise, Context caller, long sequence) {
            this.context = context;
            this.work = work;
            this.promise = promise;
            this.caller = caller;
            this.sequence = sequence;
        }

        void succeed(T result) {
            caller.runOnContext(v -> promise.complete(result));
        }

        void fail(Throwable cause) {
            caller.runOnContext(v -> promise.fail(cause));
        }
    }
}

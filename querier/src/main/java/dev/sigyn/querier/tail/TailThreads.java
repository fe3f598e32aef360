package dev.sigyn.querier.tail;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.querier.QueryThreads;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Executor;

/**
 * The live tails' threads ({@value #NAME}), {@code querier.max_concurrent} of them (at least 2), at the query
 * threads' lower priority: parsing tail queries, reading past lines and writing frames ({@link TailApi}) and, in
 * the single binary, the pipelines the ingester runs over new lines. Never the push workers.
 */
public final class TailThreads {
    static final String NAME = "sigyn-tail";

    private TailThreads() {
    }

    /** The pool; closed with Vert.x. */
    public static WorkerExecutor create(Vertx vertx, SigynConfig config) {
        return vertx.createSharedWorkerExecutor(NAME, Math.max(2, config.querier().maxConcurrent()));
    }

    /** The pool as an {@link Executor} for code that knows nothing of Vert.x (the ingester's live tails). */
    public static Executor executor(WorkerExecutor threads) {
        return task -> threads.executeBlocking(() -> {
            QueryThreads.lowerPriority();
            task.run();
            return null;
        }, false);
    }
}

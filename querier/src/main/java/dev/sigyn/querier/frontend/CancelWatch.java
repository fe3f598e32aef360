package dev.sigyn.querier.frontend;

import dev.sigyn.logql.QueryContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

/**
 * Resets a request to a querier once its query is cancelled (the client left, the deadline passed, another split
 * failed), so that the querier stops working for nobody. A query's cancellation has no listeners, so it is polled,
 * as the work on query threads polls it.
 */
final class CancelWatch {
    private static final long PERIOD_MS = 100;

    private CancelWatch() {}

    /** Watches {@code request} until {@code done} completes. */
    static void watch(Vertx vertx, HttpClientRequest request, QueryContext context, Future<?> done) {
        long timer = vertx.setPeriodic(PERIOD_MS, id -> {
            if (context.isCancelled()) {
                vertx.cancelTimer(id);
                request.reset();
            }
        });
        done.onComplete(ar -> vertx.cancelTimer(timer));
    }
}

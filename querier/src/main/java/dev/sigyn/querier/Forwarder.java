package dev.sigyn.querier;

import dev.sigyn.logql.QueryContext;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a query API call by having a querier answer it (the query frontend): the request goes there as it came,
 * and the querier's response comes back to the client as it is written, so the answer is the querier's to the byte.
 */
public interface Forwarder {
    /**
     * Relays the call's request and its answer. Completes once the answer is relayed (its status is the response's);
     * fails, with the error the call is to be answered with, when nothing could be relayed. Called on the event loop,
     * with the request's body read. Stops, and resets what it started, once {@code context} is cancelled.
     */
    Future<Void> relay(RoutingContext ctx, QueryContext context);
}

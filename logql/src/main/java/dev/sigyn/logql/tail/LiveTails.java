package dev.sigyn.logql.tail;

import dev.sigyn.logql.syntax.LogSelectorExpr;

/**
 * Where a live tail hears of new lines: the lines of the streams a log query selects, from the moment it subscribes,
 * each batch once it is durable, the query's whole pipeline already applied. As in Loki, the pipeline runs where the
 * data is (in the single binary the ingester's tail broker), so only surviving, formatted lines cross this seam; in
 * microservices mode a network client will implement it, sending the query (its text) to the ingesters. The two sides
 * share nothing but values and the {@link Subscription} handle.
 */
public interface LiveTails {
    /**
     * Opens a tail of the tenant's streams that {@code query} selects. May block (a network client would ask the
     * ingesters; the in-process one compiles the pipeline): never call it on an event loop.
     *
     * @param maxTails the tenant's {@code max_concurrent_tail_requests}
     * @throws TooManyTails when the tenant already has {@code maxTails} tails open
     * @throws dev.sigyn.logql.syntax.ParseException when the query's pipeline does not compile
     */
    Subscription subscribe(String tenant, LogSelectorExpr query, int maxTails, TailListener listener)
            throws TooManyTails;

    /** One open tail; close it to stop receiving lines and free its place in the tenant's limit. Idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

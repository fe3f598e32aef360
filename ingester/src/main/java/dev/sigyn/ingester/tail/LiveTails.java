package dev.sigyn.ingester.tail;

import dev.sigyn.logql.LabelMatcher;

import java.util.List;

/**
 * Where a live tail hears of new entries: the streams a selector picks, from the moment it subscribes, each batch
 * once it is durable. In the single binary that is the ingester's {@link TailBroker}; in microservices mode a network
 * client will implement this, fanning out to the ingesters. Entries reach the {@link TailListener} as values; the
 * two sides share nothing else than the {@link Subscription} handle.
 */
public interface LiveTails {
    /**
     * Opens a tail of the tenant's streams that {@code selector} picks.
     *
     * @param maxTails the tenant's {@code max_concurrent_tail_requests}
     * @throws TooManyTails when the tenant already has {@code maxTails} tails open
     */
    Subscription subscribe(String tenant, List<LabelMatcher> selector, int maxTails, TailListener listener)
            throws TooManyTails;

    /** One open tail; close it to stop receiving entries and free its place in the tenant's limit. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

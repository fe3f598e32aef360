package dev.sigyn.ingester;

import java.io.IOException;

/**
 * Where the distributor sends validated pushes. In the single binary that is the {@link Ingester} in the same
 * process; in microservices mode a network client will implement this. Blocks until the entries are durable: never
 * call on an event loop.
 */
public interface Pusher {
    /**
     * Stores what it can of the push and says what it refused.
     *
     * @throws PushUnavailableException when nothing was stored for a reason that passes by itself (retry later: 503)
     * @throws IOException              when nothing was stored for another reason (500)
     */
    PushOutcome push(PushRequest request) throws IOException;

    /**
     * Null while pushes are taken; otherwise why every push would now be refused with
     * {@link PushUnavailableException}. Asked before a push's body is read, so that refused clients do not send it.
     */
    String refusal();
}

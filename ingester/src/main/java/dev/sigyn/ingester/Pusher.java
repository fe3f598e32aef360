package dev.sigyn.ingester;

import java.io.IOException;
import java.util.List;

/**
 * Receives validated pushes. In the single binary the distributor calls the local ingester directly; in
 * microservices mode a remote client will implement this. Blocks until the entries are durable in the WAL:
 * never call on an event loop.
 */
public interface Pusher {
    PushOutcome push(String tenant, List<StreamPush> streams) throws IOException;
}

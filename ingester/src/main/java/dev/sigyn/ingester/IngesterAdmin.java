package dev.sigyn.ingester;

import java.io.IOException;

/**
 * What an operator may ask of an ingester over HTTP (Loki's {@code /flush}). In the single binary the
 * {@link Ingester} itself; in microservices mode a network client will implement this.
 */
public interface IngesterAdmin {
    /**
     * Flushes every in-memory chunk, open ones too, and returns once they and their index files are stored.
     *
     * @throws IOException when some could not be stored (they stay in memory and are retried)
     */
    void flushAll() throws IOException;
}

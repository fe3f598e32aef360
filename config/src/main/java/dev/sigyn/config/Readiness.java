package dev.sigyn.config;

import java.util.Optional;

/**
 * A component's answer to "can you serve requests now?". The server asks every component before it lets pushes and
 * queries through, and {@code /ready} names the first one that is not ready and why. In microservices mode a
 * component in another process will answer through a network client.
 */
public interface Readiness {
    /** The component's name as {@code /ready} shows it, e.g. {@code Ingester}. */
    String componentName();

    /** Empty when ready; otherwise why not, in words an operator can act on. */
    Optional<String> notReady();
}

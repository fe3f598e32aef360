package dev.sigyn.server;

import dev.sigyn.config.Readiness;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;

/**
 * The readiness of every component the server runs. Pushes and queries wait for it (an ingester still replaying its
 * WAL would answer without acknowledged data), and {@code /ready} shows it.
 */
record ReadinessCheck(List<Readiness> components) {
    ReadinessCheck {
        components = List.copyOf(components);
    }

    /** Empty when every component is ready; else the first one that is not, named, with its reason. */
    Optional<String> problem() {
        for (Readiness c : components) {
            Optional<String> reason = c.notReady();
            if (reason.isPresent()) return Optional.of(c.componentName() + " not ready: " + reason.get());
        }
        return Optional.empty();
    }

    /**
     * Lets a request through only while every component is ready, so that answers never miss acknowledged data (an
     * ingester still replaying its WAL); otherwise 503 with the problem. {@code /ready} itself always passes.
     */
    void gate(RoutingContext ctx) {
        Optional<String> problem = ctx.request().path().startsWith("/ready") ? Optional.empty() : problem();
        if (problem.isEmpty()) ctx.next();
        else ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(problem.get() + "\n");
    }
}

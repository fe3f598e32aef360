package dev.sigyn.server;

import dev.sigyn.config.SigynConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * In microservices mode a process serves only its targets' APIs; a request for another target's API gets a 404 that
 * names the target serving it, so that a client pointed at the wrong process learns where to go.
 */
final class TargetRoutes {
    /** A path prefix and the target whose API it belongs to; the first match wins. */
    private record Owner(String prefix, String target) {}

    private static final List<Owner> OWNERS = List.of(
            new Owner("/loki/api/v1/push", "distributor"),
            new Owner("/api/prom/push", "distributor"),
            new Owner("/otlp/", "distributor"),
            new Owner("/flush", "ingester"),
            new Owner("/loki/api/v1/delete", "compactor"),
            new Owner("/compactor/", "compactor"),
            new Owner("/loki/api/v1/tail", "querier"),
            new Owner("/api/prom/tail", "querier"),
            new Owner("/loki/api/v1/", "query-frontend (or querier)"),
            new Owner("/api/prom/", "query-frontend (or querier)"));

    private TargetRoutes() {}

    /** Mounted last: answers requests no route of this process's targets took. */
    static void mountFallback(Router router, SigynConfig config) {
        router.route().handler(ctx -> notServedHere(ctx, config));
    }

    private static void notServedHere(RoutingContext ctx, SigynConfig config) {
        String path = ctx.normalizedPath();
        for (Owner o : OWNERS) {
            if (path.startsWith(o.prefix())) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(path + " is served by the " + o.target() + " target; this process runs -target="
                                + config.target() + "\n");
                return;
            }
        }
        ctx.next();
    }
}

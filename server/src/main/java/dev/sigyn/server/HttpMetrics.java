package dev.sigyn.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Router;

/** Times every HTTP request by route and status, like Loki's {@code loki_request_duration_seconds}. */
final class HttpMetrics {
    private HttpMetrics() {}

    static void install(Router router, MeterRegistry metrics) {
        router.route().handler(ctx -> {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> {
                String route = ctx.currentRoute() != null && ctx.currentRoute().getPath() != null
                        ? ctx.currentRoute().getPath() : "other";
                Timer.builder("sigyn.http.request.duration")
                        .description("Time to answer HTTP requests")
                        .tag("method", ctx.request().method().name())
                        .tag("route", route)
                        .tag("status", Integer.toString(ctx.response().getStatusCode()))
                        .register(metrics)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            });
            ctx.next();
        });
    }
}

package dev.sigyn.server;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The answers Vert.x Web's router gives by itself (no route for the path, a path without the method, a handler that
 * failed without answering) in plain text, like every answer Sigyn's own handlers give, instead of Vert.x's HTML
 * pages. The 404 text is the one Loki (Go's net/http) answers, which scripts written against Loki may look for.
 */
final class PlainTextErrors {
    private static final Map<Integer, String> ROUTER_STATUSES = Map.of(400, "bad request", 404, "page not found",
            405, "method not allowed", 413, "request entity too large", 415, "unsupported media type",
            500, "internal server error");

    private static final Logger log = LoggerFactory.getLogger(PlainTextErrors.class);

    private PlainTextErrors() {}

    static void install(Router router) {
        ROUTER_STATUSES.keySet().forEach(status -> router.errorHandler(status, ctx -> answer(router, ctx, status)));
    }

    private static void answer(Router router, RoutingContext ctx, int status) {
        if (status == 500 && ctx.failure() != null) {
            // Vert.x logs an unhandled failure only when no error handler takes it: this one must say it instead.
            log.atError().addKeyValue("method", ctx.request().method()).addKeyValue("path", ctx.request().path())
                    .setCause(ctx.failure()).log("request failed");
        }
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) return;
        if (response.headWritten()) {
            response.end(); // a handler failed half-way through its answer: finish it as it is
            return;
        }
        String text = status + " " + ROUTER_STATUSES.get(status);
        if (status == 405) {
            text += ": " + ctx.request().method() + " " + ctx.request().path();
            response.putHeader("Allow", allowedMethods(router, ctx.request().path()));
        } else if (ctx.failure() != null && ctx.failure().getMessage() != null) text += ": " + ctx.failure().getMessage();
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text + "\n");
    }

    /**
     * The methods of the routes for {@code path}, for the Allow header a 405 must carry: Vert.x keeps the list it
     * found to itself once an error handler answers in its place.
     */
    private static String allowedMethods(Router router, String path) {
        return router.getRoutes().stream()
                .filter(route -> route.getPath() != null && route.methods() != null
                        && routePattern(route.getPath()).matcher(path).matches())
                .flatMap(route -> route.methods().stream()).map(HttpMethod::name).distinct().sorted()
                .collect(Collectors.joining(","));
    }

    /** A route path such as {@code /loki/api/v1/label/:name/values} as a pattern of the paths it takes. */
    private static Pattern routePattern(String routePath) {
        return Pattern.compile(Arrays.stream(routePath.split("/", -1))
                .map(segment -> segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment))
                .collect(Collectors.joining("/")));
    }
}

package dev.sigyn.querier;

import com.google.re2j.PatternSyntaxException;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.Tenants;
import dev.sigyn.logql.source.LogSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Loki's query HTTP API: {@code query_range}, {@code query}, {@code labels}, {@code label/{name}/values} and
 * {@code series} under {@code /loki/api/v1}, by GET or url-encoded POST. Every call asks all log sources (ingester
 * memory and object store) on worker threads (in parallel, except metric queries, which read during evaluation)
 * and merges their answers; the event loop only routes and writes the response. Answers and error texts follow Loki's, since Grafana and logcli parse them.
 */
public final class QueryApi {
    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final String PREFIX = "/loki/api/v1";
    private static final long MAX_FORM_BYTES = 8L << 20;

    private final SigynConfig config;
    private final QueryHandler queries;
    private final MetadataHandler metadata;
    private final VolumeHandler volume;
    private final QueryTelemetry telemetry;
    private final Clock clock;

    public QueryApi(Vertx vertx, List<LogSource> sources, SigynConfig config, MeterRegistry metrics) {
        this(vertx, sources, config, metrics, Clock.systemUTC());
    }

    /** With a clock, so that tests can pin "now" (the default end of a range and time of an instant query). */
    QueryApi(Vertx vertx, List<LogSource> sources, SigynConfig config, MeterRegistry metrics, Clock clock) {
        SourceFanOut fanOut = new SourceFanOut(vertx, sources);
        QueryLimits limits = new QueryLimits(config.limits());
        this.queries = new QueryHandler(vertx, new LogQueryHandler(vertx, fanOut),
                new MetricQueryHandler(vertx, fanOut, limits), limits);
        this.metadata = new MetadataHandler(vertx, fanOut, limits);
        this.volume = new VolumeHandler(vertx, fanOut, limits);
        this.config = config;
        this.telemetry = new QueryTelemetry(metrics);
        this.clock = clock;
    }

    /** Registers the routes (GET and POST for each) on the router. */
    public void mount(Router router) {
        route(router, PREFIX + "/query_range", Call.Endpoint.QUERY_RANGE, (ctx, call) -> queries.queryRange(call));
        route(router, PREFIX + "/query", Call.Endpoint.QUERY, (ctx, call) -> queries.instantQuery(call));
        route(router, PREFIX + "/labels", Call.Endpoint.LABELS, (ctx, call) -> metadata.labelNames(call));
        route(router, PREFIX + "/label", Call.Endpoint.LABELS, (ctx, call) -> metadata.labelNames(call));
        route(router, PREFIX + "/label/:name/values", Call.Endpoint.LABEL_VALUES,
                (ctx, call) -> metadata.labelValues(call, ctx.pathParam("name")));
        route(router, PREFIX + "/series", Call.Endpoint.SERIES, (ctx, call) -> metadata.series(call));
        route(router, PREFIX + "/index/volume", Call.Endpoint.VOLUME, (ctx, call) -> volume.volume(call));
    }

    /** Answers one call; runs on the event loop and must hand any real work to workers. */
    @FunctionalInterface
    private interface Answerer {
        Future<Buffer> answer(RoutingContext ctx, Call call);
    }

    private void route(Router router, String path, Call.Endpoint endpoint, Answerer answerer) {
        router.get(path).handler(ctx -> handle(ctx, endpoint, answerer));
        router.post(path)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES))
                .handler(ctx -> handle(ctx, endpoint, answerer));
    }

    private void handle(RoutingContext ctx, Call.Endpoint endpoint, Answerer answerer) {
        String tenant = Tenants.resolve(ctx.request().getHeader("X-Scope-OrgID"), config.authEnabled());
        Call call = new Call(endpoint, tenant == null ? "" : tenant, formOf(ctx), nowNanos());
        Future<Buffer> answer;
        String tenantProblem = tenant == null ? null : Tenants.problem(tenant);
        if (tenant == null) {
            answer = Future.failedFuture(new Unauthorized());
        } else if (tenantProblem != null) {
            answer = Future.failedFuture(QueryError.badRequest(tenantProblem));
        } else if (call.form == null) {
            answer = Future.failedFuture(QueryError.badRequest("invalid URL query string"));
        } else {
            try {
                answer = answerer.answer(ctx, call);
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
        }
        answer.onComplete(ar -> {
            if (ar.succeeded()) respond(ctx, call, ar.result());
            else respondError(ctx, call, ar.cause());
        });
    }

    /** The request's parameters, or null when its query string cannot be decoded (e.g. a bad %-escape). */
    private static FormValues formOf(RoutingContext ctx) {
        try {
            return new FormValues(ctx.request().formAttributes(), ctx.queryParams());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void respond(RoutingContext ctx, Call call, Buffer json) {
        telemetry.record(call, 200);
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(json);
    }

    private void respondError(RoutingContext ctx, Call call, Throwable cause) {
        int status = statusOf(cause);
        String message = messageOf(cause);
        call.error = message;
        if (status >= 500) log.atWarn().setCause(cause).addKeyValue("endpoint", call.endpoint.tag).log("query failed");
        telemetry.record(call, status);
        // Loki answers errors as plain text (Go's http.Error), which clients show as is.
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }

    // ---- plumbing ----

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * Durations.NANOS_PER_SECOND + now.getNano();
    }

    private static int statusOf(Throwable t) {
        if (t instanceof QueryError e) return e.status();
        if (t instanceof Unauthorized) return 401;
        if (t instanceof PatternSyntaxException) return 400;
        return 500;
    }

    private static String messageOf(Throwable t) {
        if (t instanceof Unauthorized) return "no org id";
        if (t instanceof PatternSyntaxException e) return "error parsing regexp: " + e.getMessage();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    }

    /** The request carries no tenant while auth is enabled. */
    private static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("no org id", null, false, false);
        }
    }
}

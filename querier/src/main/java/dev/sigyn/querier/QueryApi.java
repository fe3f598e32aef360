package dev.sigyn.querier;

import com.google.re2j.PatternSyntaxException;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.Tenants;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.querier.patterns.PatternsHandler;
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
 * {@code series} under {@code /loki/api/v1}, by GET or url-encoded POST, plus what Grafana and Logs Drilldown ask
 * besides queries ({@code index/stats}, {@code index/volume[_range]}, {@code detected_*}, {@code drilldown-limits})
 * and Loki's legacy {@code /api/prom} query routes. Every call asks all log sources (ingester
 * memory and object store) on worker threads (in parallel, except metric queries, which read during evaluation)
 * and merges their answers; the event loop only routes and writes the response. Answers and error texts follow Loki's, since Grafana and logcli parse them.
 */
public final class QueryApi {
    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final String PREFIX = "/loki/api/v1";
    private static final long MAX_FORM_BYTES = 8L << 20;

    private final Vertx vertx;
    /** Null when {@code query_range.cache_results} is off. */
    private final ResultsCache resultsCache;
    private final SigynConfig config;
    private final QueryHandler queries;
    private final MetadataHandler metadata;
    private final VolumeHandler volume;
    private final IndexStatsHandler indexStats;
    private final DetectedFieldsHandler detectedFields;
    private final DetectedLabelsHandler detectedLabels;
    private final LegacyQueryHandler legacyQueries;
    private final PatternsHandler patterns;
    private final QueryTelemetry telemetry;
    private final Clock clock;

    public QueryApi(Vertx vertx, List<LogSource> sources, SigynConfig config, MeterRegistry metrics) {
        this(vertx, sources, config, metrics, Clock.systemUTC());
    }

    /** With a clock, so that tests can pin "now" (the default end of a range and time of an instant query). */
    QueryApi(Vertx vertx, List<LogSource> sources, SigynConfig config, MeterRegistry metrics, Clock clock) {
        this.vertx = vertx;
        this.resultsCache = config.caches().cacheResults()
                ? new ResultsCache(config.caches().resultsCacheBytes(), metrics) : null;
        SourceFanOut fanOut = new SourceFanOut(vertx, sources);
        QueryLimits limits = new QueryLimits(config.limits());
        this.queries = new QueryHandler(vertx, new LogQueryHandler(vertx, fanOut),
                new MetricQueryHandler(vertx, fanOut, limits, new SplitQueries(vertx, fanOut, limits,
                        config.limits().splitQueriesByInterval().toNanos(), resultsCache)),
                limits, config.querier().maxLookBackPeriod());
        this.metadata = new MetadataHandler(vertx, fanOut, limits);
        this.volume = new VolumeHandler(vertx, fanOut, limits);
        LogQueryHandler logQueries = new LogQueryHandler(vertx, fanOut);
        this.indexStats = new IndexStatsHandler(vertx, fanOut, limits);
        this.detectedFields = new DetectedFieldsHandler(vertx, logQueries, limits);
        this.detectedLabels = new DetectedLabelsHandler(vertx, fanOut, limits);
        this.legacyQueries = new LegacyQueryHandler(vertx, logQueries, limits);
        this.patterns = new PatternsHandler(vertx, sources);
        this.config = config;
        this.telemetry = new QueryTelemetry(metrics);
        this.clock = clock;
    }

    /** Forgets the tenant's cached query results: its data changed in the past (a delete request). */
    public void invalidateResults(String tenant) {
        if (resultsCache != null) resultsCache.invalidate(tenant);
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
        mountGrafanaRoutes(router);
        router.get(PREFIX + "/format_query").handler(FormatQueryHandler::handle);
        router.post(PREFIX + "/format_query")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES))
                .handler(FormatQueryHandler::handle);
    }

    /** What Grafana's Loki datasource and Logs Drilldown ask besides queries, and Loki's legacy query routes. */
    private void mountGrafanaRoutes(Router router) {
        route(router, PREFIX + "/index/volume_range", Call.Endpoint.VOLUME_RANGE, (ctx, call) -> volume.volumeRange(call));
        route(router, PREFIX + "/index/stats", Call.Endpoint.INDEX_STATS, (ctx, call) -> indexStats.stats(call));
        route(router, PREFIX + "/detected_fields", Call.Endpoint.DETECTED_FIELDS, (ctx, call) -> detectedFields.fields(call));
        route(router, PREFIX + "/detected_field/:name/values", Call.Endpoint.DETECTED_FIELD_VALUES,
                (ctx, call) -> detectedFields.values(call, ctx.pathParam("name")));
        route(router, PREFIX + "/detected_labels", Call.Endpoint.DETECTED_LABELS, (ctx, call) -> detectedLabels.labels(call));
        route(router, PREFIX + "/patterns", Call.Endpoint.PATTERNS, (ctx, call) -> patterns(call));
        DrilldownLimits drilldown = new DrilldownLimits(config.limits(), router);
        router.get(PREFIX + "/drilldown-limits").handler(ctx -> handle(ctx, Call.Endpoint.DRILLDOWN_LIMITS,
                (c, call) -> Future.succeededFuture(drilldown.answer())));
        route(router, "/api/prom/query", Call.Endpoint.LEGACY_QUERY, (ctx, call) -> legacy(call, legacyQueries::query));
        route(router, "/api/prom/label", Call.Endpoint.LABELS, (ctx, call) -> legacy(call, metadata::labelNames));
        route(router, "/api/prom/label/:name/values", Call.Endpoint.LABEL_VALUES,
                (ctx, call) -> legacy(call, c -> metadata.labelValues(c, ctx.pathParam("name"))));
        route(router, "/api/prom/series", Call.Endpoint.SERIES, (ctx, call) -> legacy(call, metadata::series));
    }

    private static Future<Buffer> legacy(Call call, java.util.function.Function<Call, Future<Buffer>> answerer) {
        call.legacy = true;
        return answerer.apply(call);
    }

    /** {@code patterns}: a stream selector, a range and a step; the mining runs on a worker in {@link PatternsHandler}. */
    private Future<Buffer> patterns(Call call) {
        LokiParams.Bounds b = LokiParams.bounds(call.form, call.nowNanos);
        call.query = call.form.get("query");
        call.startNanos = b.startNanos();
        call.endNanos = b.endNanos();
        call.stepNanos = LokiParams.step(call.form.get("step"), b.startNanos(), b.endNanos());
        return patterns.patterns(call.tenant, LogQueries.selector(call.query), b.startNanos(), b.endNanos(),
                call.stepNanos);
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
        call.encodingFlags = EncodingFlags.parse(ctx.request().getHeader(EncodingFlags.HEADER));
        Future<Buffer> answer;
        String tenantProblem = tenant == null ? null : Tenants.problem(tenant);
        if (tenant == null) {
            answer = Future.failedFuture(new Unauthorized());
        } else if (tenantProblem != null) {
            answer = Future.failedFuture(QueryError.badRequest(tenantProblem));
        } else if (call.form == null) {
            answer = Future.failedFuture(QueryError.badRequest("invalid URL query string"));
        } else {
            call.limitDuration(config.limits().queryTimeout());
            try {
                answer = withTimeout(call, answerer.answer(ctx, call));
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
        }
        answer.onComplete(ar -> {
            if (ar.succeeded()) respond(ctx, call, ar.result());
            else respondError(ctx, call, ar.cause());
        });
    }

    /**
     * Answers with Loki's timeout error once the call's time is up. The work itself stops at its next check of the
     * deadline (between sources and streams, see {@link TenantData#checkCancelled()}) rather than running on unseen.
     */
    private Future<Buffer> withTimeout(Call call, Future<Buffer> answer) {
        long ms = call.millisLeft();
        if (ms == Long.MAX_VALUE || answer.isComplete()) return answer;
        io.vertx.core.Promise<Buffer> promise = io.vertx.core.Promise.promise();
        long timer = vertx.setTimer(Math.max(1, ms), id -> promise.tryFail(QueryError.timeout()));
        answer.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) promise.tryComplete(ar.result()); // no-op when the timer answered first
            else promise.tryFail(ar.cause());
        });
        return promise.future();
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
        if (t instanceof dev.sigyn.logql.LimitExceededException) return 400;
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

package dev.sigyn.querier;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.IndexStatsSource;
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
import java.util.Objects;

/**
 * Loki's query HTTP API: {@code query_range}, {@code query}, {@code labels}, {@code label/{name}/values} and
 * {@code series} under {@code /loki/api/v1}, by GET or url-encoded POST, plus what Grafana and Logs Drilldown ask
 * besides queries ({@code index/stats}, {@code index/volume[_range]}, {@code detected_*}, {@code drilldown-limits})
 * and Loki's legacy {@code /api/prom} query routes. Every call asks all log sources (ingester
 * memory and object store) on the query threads ({@link QueryPool}; in parallel, except metric queries, which read
 * during evaluation) and merges their answers; the event loop only routes and writes the response. Answers and
 * error texts follow Loki's, since Grafana and logcli parse them.
 *
 * <p>Each call has a {@link QueryContext}: its memory budget ({@code limits_config.max_query_memory_bytes}) and its
 * cancellation, fired at {@code query_timeout}, when the client closes the connection, or when any part of the call
 * fails; every other part then stops at its next check.
 */
public final class QueryApi {
    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final String PREFIX = "/loki/api/v1";
    /** A POSTed form: a few fields of at most 64 KiB each (a GET's request line) fit; more is never buffered. */
    private static final long MAX_FORM_BYTES = 256 << 10;

    private final Vertx vertx;
    private final QueryPool pool;
    /** Null when {@code query_range.cache_results} is off. */
    private final ResultsCache resultsCache;
    private final SigynConfig config;
    private final TenantResolver tenants;
    private final QueryLimits limits;
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
    /** How this process evaluates the splits of range metric queries: here, or (a query frontend) on queriers. */
    private final SplitEvaluator splits;
    /** Null unless this is a query frontend, which has queriers answer all but split range metric queries. */
    private final Forwarder forwarder;

    /**
     * Queries over {@code sources}; {@code index/stats} and {@code index/volume} answer from {@code statsSources}
     * instead, which hold the same data and tell its size from chunk metadata without reading lines. Every call is
     * held to the asking tenant's {@code limits} as they are when it is asked.
     */
    public QueryApi(Vertx vertx, List<LogSource> sources, List<IndexStatsSource> statsSources, TenantResolver tenants,
                    SigynConfig config, TenantLimits limits, MeterRegistry metrics) {
        this(vertx, sources, statsSources, tenants, config, limits, metrics, Clock.systemUTC());
    }

    /** With a clock, so that tests can pin "now" (the default end of a range and time of an instant query). */
    QueryApi(Vertx vertx, List<LogSource> sources, List<IndexStatsSource> statsSources, TenantResolver tenants,
             SigynConfig config, TenantLimits tenantLimits, MeterRegistry metrics, Clock clock) {
        this(vertx, sources, statsSources, tenants, config, tenantLimits, metrics, clock, null, null);
    }

    /**
     * The query frontend's API: the same routes, parameters and errors, with no sources of its own. Range metric
     * queries that split ({@code split_queries_by_interval}) are split and cached here and their splits evaluated by
     * {@code remoteSplits}; every other call is relayed whole by {@code forwarder}, except {@code format_query} and
     * {@code drilldown-limits}, which read no data.
     */
    public static QueryApi frontend(Vertx vertx, SplitEvaluator remoteSplits, Forwarder forwarder,
                                    TenantResolver tenants, SigynConfig config, TenantLimits limits,
                                    MeterRegistry metrics) {
        return new QueryApi(vertx, List.of(), List.of(), tenants, config, limits, metrics, Clock.systemUTC(),
                Objects.requireNonNull(remoteSplits), Objects.requireNonNull(forwarder));
    }

    private QueryApi(Vertx vertx, List<LogSource> sources, List<IndexStatsSource> statsSources, TenantResolver tenants,
                     SigynConfig config, TenantLimits tenantLimits, MeterRegistry metrics, Clock clock,
                     SplitEvaluator remoteSplits, Forwarder forwarder) {
        this.vertx = vertx;
        this.tenants = tenants;
        this.pool = new QueryPool(vertx, config.querier().maxConcurrent(), config.authEnabled());
        // A cache of 0 bytes is none: Caffeine evicts asynchronously, so it would still answer for a moment.
        this.resultsCache = config.caches().cacheResults() && config.caches().resultsCacheBytes() > 0
                ? new ResultsCache(config.caches().resultsCacheBytes(), metrics) : null;
        SourceFanOut fanOut = new SourceFanOut(pool, sources);
        QueryLimits limits = new QueryLimits(new StrictestLimits(tenantLimits));
        this.limits = limits;
        LogQueryHandler logQueries = new LogQueryHandler(pool, fanOut);
        this.splits = remoteSplits != null ? remoteSplits : new LocalSplits(pool, fanOut, limits);
        this.forwarder = forwarder;
        this.queries = new QueryHandler(pool, logQueries, new MetricQueryHandler(pool, fanOut, limits,
                new SplitQueries(pool, splits, limits, resultsCache, fanOut.size())),
                limits, config.querier().maxLookBackPeriod());
        this.metadata = new MetadataHandler(pool, fanOut, limits);
        this.volume = new VolumeHandler(pool, statsSources, limits);
        this.indexStats = new IndexStatsHandler(pool, statsSources, limits);
        this.detectedFields = new DetectedFieldsHandler(pool, logQueries, limits);
        this.detectedLabels = new DetectedLabelsHandler(pool, fanOut, limits);
        this.legacyQueries = new LegacyQueryHandler(pool, logQueries, limits);
        this.patterns = new PatternsHandler(sources);
        this.config = config;
        this.telemetry = new QueryTelemetry(metrics);
        this.clock = clock;
    }

    /**
     * How this process evaluates one split of a range metric query: over its own sources, or (a query frontend) on
     * the queriers. A querier serves it to query frontends ({@code QuerierWorkService}).
     */
    public SplitEvaluator splits() {
        return splits;
    }

    /** Forgets the tenant's cached query results: its data changed in the past (a delete request). */
    public void invalidateResults(String tenant) {
        if (resultsCache != null) resultsCache.invalidate(tenant);
    }

    /** Registers the routes (GET and POST for each) on the router. */
    public void mount(Router router) {
        route(router, PREFIX + "/query_range", Call.Endpoint.QUERY_RANGE, forwarder == null
                ? (ctx, call) -> queries.queryRange(call)
                : (ctx, call) -> queries.queryRangeOrElse(call, () -> relay(ctx, call)));
        route(router, PREFIX + "/query", Call.Endpoint.QUERY, (ctx, call) -> queries.instantQuery(call));
        route(router, PREFIX + "/labels", Call.Endpoint.LABELS, (ctx, call) -> metadata.labelNames(call));
        route(router, PREFIX + "/label", Call.Endpoint.LABELS, (ctx, call) -> metadata.labelNames(call));
        route(router, PREFIX + "/label/:name/values", Call.Endpoint.LABEL_VALUES,
                (ctx, call) -> metadata.labelValues(call, ctx.pathParam("name")));
        route(router, PREFIX + "/series", Call.Endpoint.SERIES, (ctx, call) -> metadata.series(call));
        route(router, PREFIX + "/index/volume", Call.Endpoint.VOLUME, (ctx, call) -> volume.volume(call));
        mountGrafanaRoutes(router);
        FormatQueryHandler formatQuery = new FormatQueryHandler(pool);
        router.get(PREFIX + "/format_query").handler(formatQuery::handle);
        router.post(PREFIX + "/format_query")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES))
                .handler(formatQuery::handle);
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
        DrilldownLimits drilldown = new DrilldownLimits(router);
        router.get(PREFIX + "/drilldown-limits").handler(ctx -> handle(ctx, Call.Endpoint.DRILLDOWN_LIMITS,
                (c, call) -> Future.succeededFuture(drilldown.answer(limits.of(call.tenant)))));
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

    /** {@code patterns}: a stream selector, a range and a step; the mining runs in {@link PatternsHandler}. */
    private Future<Buffer> patterns(Call call) {
        return pool.run(call, () -> {
            LokiParams.Bounds b = LokiParams.bounds(call.form, call.nowNanos);
            call.query = call.form.get("query");
            call.startNanos = b.startNanos();
            call.endNanos = b.endNanos();
            call.stepNanos = LokiParams.step(call.form.get("step"), b.startNanos(), b.endNanos());
            return patterns.patterns(call.context, call.tenant, call.scope::viewAll, LogQueries.selector(call.query), b.startNanos(),
                    b.endNanos(), call.stepNanos);
        });
    }

    /** Answers one call; runs on the event loop and must hand any real work to workers. */
    @FunctionalInterface
    private interface Answerer {
        Future<Buffer> answer(RoutingContext ctx, Call call);
    }

    /**
     * Registers a route. In a query frontend every route but {@code query_range} is relayed whole to a querier (its
     * answerer here is not used): only range metric queries are split.
     */
    private void route(Router router, String path, Call.Endpoint endpoint, Answerer answerer) {
        Answerer chosen = forwarder != null && endpoint != Call.Endpoint.QUERY_RANGE ? this::relay : answerer;
        router.get(path).handler(ctx -> handle(ctx, endpoint, chosen));
        router.post(path)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES))
                .handler(ctx -> handle(ctx, endpoint, chosen));
    }

    /** A call a querier answers; the null answer tells {@link #handle} that the response is already written. */
    private Future<Buffer> relay(RoutingContext ctx, Call call) {
        return forwarder.relay(ctx, call.context).map((Buffer) null);
    }

    private void handle(RoutingContext ctx, Call.Endpoint endpoint, Answerer answerer) {
        TenantResolver.Resolution tenant = tenants.resolveRead(ctx.request()::getHeader);
        String asker = tenant instanceof TenantResolver.Tenant t ? t.id() : ""; // refused below, before any limit matters
        ReadScope scope;
        try {
            scope = tenant instanceof TenantResolver.Tenant t ? ReadScope.of(t) : ReadScope.of(asker);
        } catch (QueryError e) {
            tenant = new TenantResolver.Refused(QueryError.statusOf(e), QueryError.messageOf(e));
            scope = ReadScope.of(asker);
        }
        java.time.Duration timeout = limits.of(asker).queryTimeout();
        QueryContext context = QueryContext.of(limits.of(asker).maxQueryMemoryBytes(),
                timeout.isZero() || timeout.isNegative() ? Instant.MAX : Instant.now().plus(timeout));
        Call call = new Call(endpoint, asker, scope, formOf(ctx), nowNanos(), context);
        call.encodingFlags = EncodingFlags.parse(ctx.request().getHeader(EncodingFlags.HEADER));
        Future<Buffer> answer;
        if (tenant instanceof TenantResolver.Refused refused) {
            answer = Future.failedFuture(QueryError.refused(refused));
        } else if (call.form == null) {
            answer = Future.failedFuture(QueryError.badRequest("invalid URL query string"));
        } else {
            // Nobody reads the answer of a client that left: its work stops at the next check.
            ctx.response().closeHandler(v -> context.cancel(QueryError.clientClosed()));
            try {
                answer = withTimeout(call, answerer.answer(ctx, call));
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
        }
        answer.onComplete(ar -> {
            if (ar.succeeded() && ar.result() == null) {
                telemetry.record(call, ctx.response().getStatusCode()); // relayed from a querier as it came
            } else if (ar.succeeded()) {
                respond(ctx, call, ar.result());
            } else {
                // Whatever failed first stops the call's other parts, and is what the call is answered with.
                context.cancel(ar.cause());
                respondError(ctx, call, context.cancellation().cause());
            }
        });
    }

    /**
     * Answers with Loki's timeout error once the call's {@code query_timeout} is up, and cancels the call so that
     * its work stops at its next check rather than running on unseen.
     */
    private Future<Buffer> withTimeout(Call call, Future<Buffer> answer) {
        java.time.Duration timeout = limits.of(call.tenant).queryTimeout();
        if (timeout.isZero() || timeout.isNegative() || answer.isComplete()) return answer;
        long ms = Math.max(1, timeout.toMillis() - (long) (call.elapsedSeconds() * 1000));
        io.vertx.core.Promise<Buffer> promise = io.vertx.core.Promise.promise();
        long timer = vertx.setTimer(ms, id -> {
            QueryError timedOut = QueryError.timeout();
            call.context.cancel(timedOut);
            promise.tryFail(timedOut);
        });
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
        if (ctx.response().closed()) return;
        ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(json);
    }

    private void respondError(RoutingContext ctx, Call call, Throwable cause) {
        int status = QueryError.statusOf(cause);
        String message = QueryError.messageOf(cause);
        call.error = message;
        if (status >= 500) log.atWarn().setCause(cause).addKeyValue("endpoint", call.endpoint.tag).log("query failed");
        telemetry.record(call, status);
        if (ctx.response().closed()) return;
        if (ctx.response().headWritten()) {
            // Part of a relayed answer went out already: a cut connection, never an answer that looks complete.
            ctx.response().reset();
            return;
        }
        // Loki answers errors as plain text (Go's http.Error), which clients show as is.
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }

    // ---- plumbing ----

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

}

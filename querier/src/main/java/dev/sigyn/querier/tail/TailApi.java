package dev.sigyn.querier.tail;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.ingester.tail.LiveTails;
import dev.sigyn.ingester.tail.TooManyTails;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.Pipeline;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.querier.QueryThreads;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Live tail over WebSocket: {@code GET /loki/api/v1/tail} and the deprecated {@code /api/prom/tail} (older frame
 * format), with {@code query}, {@code limit}, {@code start} and {@code delay_for}. Sends the last {@code limit} lines
 * since {@code start}, then every new matching line within about a second of its push, the query's whole pipeline
 * applied. Bad parameters are a 400 before the upgrade; the tenant's tail limit and {@code querier.tail_max_duration}
 * close the socket with code 1011 and Loki's message, as Loki does.
 *
 * <p>Parsing the query, reading the past lines and running the pipeline over new ones is query work: it runs on the
 * tail threads ({@value #THREADS_NAME}), at the query threads' lower priority, never on the push workers.
 */
public final class TailApi {
    private static final Logger log = LoggerFactory.getLogger(TailApi.class);

    static final String THREADS_NAME = "sigyn-tail";

    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final LiveTails liveTails;
    private final TenantResolver tenants;
    private final List<LogSource> sources;
    private final SigynConfig config;
    private final TenantLimits limits;
    private final TailSession.Bounds bounds;
    private final Clock clock;

    /**
     * @param sources where the past lines are read (the ingester's memory and the object store)
     * @param limits  asked for the tenant's {@code max_concurrent_tail_requests} when a tail opens
     */
    public TailApi(Vertx vertx, LiveTails liveTails, List<LogSource> sources, TenantResolver tenants,
                   SigynConfig config, TenantLimits limits) {
        this(vertx, liveTails, sources, tenants, config, limits, TailSession.Bounds.DEFAULTS, Clock.systemUTC());
    }

    TailApi(Vertx vertx, LiveTails liveTails, List<LogSource> sources, TenantResolver tenants, SigynConfig config,
            TenantLimits limits,
            TailSession.Bounds bounds, Clock clock) {
        this.vertx = vertx;
        // Closed with Vert.x.
        this.workers = vertx.createSharedWorkerExecutor(THREADS_NAME, Math.max(2, config.querier().maxConcurrent()));
        this.tenants = tenants;
        this.liveTails = liveTails;
        this.sources = List.copyOf(sources);
        this.config = config;
        this.limits = limits;
        this.bounds = bounds;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/loki/api/v1/tail").handler(ctx -> open(ctx, false));
        router.get("/api/prom/tail").handler(ctx -> open(ctx, true));
    }

    private void open(RoutingContext ctx, boolean legacy) {
        HttpServerRequest http = ctx.request();
        String tenant;
        switch (tenants.resolve(http::getHeader)) {
            case TenantResolver.Tenant t -> tenant = t.id();
            case TenantResolver.Refused r -> {
                plainError(ctx, r.status(), r.message());
                return;
            }
        }
        // Parsing a query (its regexes above all) may take a while: never on the event loop.
        http.pause();
        long now = nowNanos();
        workers.executeBlocking(() -> {
            QueryThreads.lowerPriority();
            TailRequest request = TailRequest.parse(ctx.queryParams(), now);
            return new Parsed(request, PipelineCompiler.compile(request.query()));
        }, false).onComplete(parsed -> {
            if (parsed.failed()) {
                Throwable e = parsed.cause();
                // A bad query, or e.g. a regex RE2 refuses: the client's fault either way.
                plainError(ctx, 400, e.getMessage() != null ? e.getMessage() : e.toString());
                return;
            }
            if (!"websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
                plainError(ctx, 400, "websocket: the client is not using the websocket protocol: 'upgrade' token not"
                        + " found in 'Connection' header");
                return;
            }
            http.toWebSocket()
                    .onSuccess(socket -> start(socket, tenant, parsed.result().request(), parsed.result().pipeline(), legacy))
                    .onFailure(e -> log.atDebug().setCause(e).log("tail upgrade failed"));
        });
    }

    private record Parsed(TailRequest request, Pipeline pipeline) {}

    private void start(ServerWebSocket socket, String tenant, TailRequest request, Pipeline pipeline, boolean legacy) {
        TailSession session = new TailSession(vertx, workers, socket, request, pipeline, legacy, bounds,
                this::nowNanos);
        LiveTails.Subscription subscription;
        try {
            // Subscribed before the past is read, so that nothing pushed in between is missed.
            subscription = liveTails.subscribe(tenant, request.query().matchers(),
                    limits.forTenant(tenant).maxConcurrentTailRequests(), session);
        } catch (TooManyTails e) {
            session.closeWithError(e.getMessage());
            return;
        }
        long begun = nowNanos();
        session.start(subscription, config.querier().tailMaxDuration().toMillis());
        log.atInfo().addKeyValue("tenant", tenant).addKeyValue("query", request.query()).log("starting to tail logs");
        workers.executeBlocking(() -> {
                    QueryThreads.lowerPriority();
                    return TailHistory.read(sources, tenant, request, begun);
                }, false)
                .onSuccess(session::sendHistory)
                .onFailure(e -> {
                    log.atWarn().setCause(e).addKeyValue("tenant", tenant).log("reading the past lines of a tail failed");
                    session.closeWithError(e.getMessage() != null ? e.getMessage() : e.toString());
                });
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void plainError(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }
}

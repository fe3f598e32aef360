package dev.sigyn.querier.tail;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TooManyTails;
import dev.sigyn.querier.QueryError;
import dev.sigyn.querier.QueryThreads;
import dev.sigyn.querier.ReadScope;
import dev.sigyn.querier.remote.IngestersUnavailableException;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Live tail over WebSocket: {@code GET /loki/api/v1/tail} and the deprecated {@code /api/prom/tail} (older frame
 * format), with {@code query}, {@code limit}, {@code start} and {@code delay_for}. Sends the last {@code limit} lines
 * since {@code start}, then every new matching line within about a second of its push, the query's whole pipeline
 * applied (by the {@link LiveTails}, where the data is). Bad parameters are a 400 before the upgrade; the tenant's
 * tail limit and {@code querier.tail_max_duration} close the socket with code 1011 and Loki's message, as Loki does.
 *
 * <p>Parsing the query, subscribing and reading the past lines is query work: it runs on the tail threads
 * ({@link TailThreads}), at the query threads' lower priority, never on the push workers nor an event loop.
 */
public final class TailApi {
    private static final Logger log = LoggerFactory.getLogger(TailApi.class);

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
     * @param threads the tail threads ({@link TailThreads#create})
     * @param sources where the past lines are read (the ingester's memory and the object store)
     * @param limits  asked for the tenant's {@code max_concurrent_tail_requests} when a tail opens
     */
    public TailApi(Vertx vertx, WorkerExecutor threads, LiveTails liveTails, List<LogSource> sources,
                   TenantResolver tenants, SigynConfig config, TenantLimits limits) {
        this(vertx, threads, liveTails, sources, tenants, config, limits, TailSession.Bounds.DEFAULTS,
                Clock.systemUTC());
    }

    TailApi(Vertx vertx, WorkerExecutor threads, LiveTails liveTails, List<LogSource> sources, TenantResolver tenants,
            SigynConfig config, TenantLimits limits, TailSession.Bounds bounds, Clock clock) {
        this.vertx = vertx;
        this.workers = threads;
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
        ReadScope scope;
        switch (tenants.resolve(http::getHeader)) {
            case TenantResolver.Tenant t -> {
                tenant = t.id();
                try {
                    scope = ReadScope.of(t);
                } catch (QueryError e) {
                    plainError(ctx, e.status(), e.getMessage());
                    return;
                }
            }
            case TenantResolver.Refused r -> {
                plainError(ctx, r.status(), r.message());
                return;
            }
        }
        // Parsing a query (its regexes above all) and subscribing may take a while: never on the event loop.
        http.pause();
        long now = nowNanos();
        int maxTails = limits.forTenant(tenant).maxConcurrentTailRequests();
        workers.executeBlocking(() -> {
            QueryThreads.lowerPriority();
            TailRequest request = TailRequest.parse(ctx.queryParams(), now);
            // Compiled only to refuse now, with a 400, a query the source could not run (it compiles it again).
            PipelineCompiler.compile(request.query());
            if (!"websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) return new Opened(request, null, null);
            // Subscribed before the client's socket is open, so that a line pushed once it is open is not missed.
            TailSession session = new TailSession(vertx, workers, request, legacy, bounds, this::nowNanos);
            try {
                session.subscribed(subscribe(tenant, scope, request, maxTails, session));
                return new Opened(request, session, null);
            } catch (TooManyTails e) { // the client's limit: told on the socket, as Loki does
                return new Opened(request, session, e.getMessage());
            }
        }, false).onComplete(opened -> {
            if (opened.failed()) {
                Throwable e = opened.cause();
                // Ingesters out of reach (microservices mode): try again shortly. Otherwise a bad query, or e.g. a
                // regex RE2 refuses: the client's fault either way.
                int status = e instanceof IngestersUnavailableException ? 503 : 400;
                plainError(ctx, status, e.getMessage() != null ? e.getMessage() : e.toString());
                return;
            }
            TailSession session = opened.result().session();
            if (session == null) {
                plainError(ctx, 400, "websocket: the client is not using the websocket protocol: 'upgrade' token not"
                        + " found in 'Connection' header");
                return;
            }
            http.toWebSocket()
                    .onSuccess(socket -> start(socket, tenant, scope, opened.result()))
                    .onFailure(e -> {
                        session.close();
                        log.atDebug().setCause(e).log("tail upgrade failed");
                    });
        });
    }

    /** A parsed tail request, its session (null for a request that is no WebSocket), and why it is refused, if it is. */
    private record Opened(TailRequest request, TailSession session, String refusal) {
    }

    /**
     * The live part of a tail: one subscription, or (a request restricted to some streams) one per disjoint selection
     * of its grant, of which the first is held to the tenant's {@code max_concurrent_tail_requests}.
     */
    private LiveTails.Subscription subscribe(String tenant, ReadScope scope, TailRequest request, int maxTails,
                                             TailSession session) throws TooManyTails {
        if (scope.plain()) return liveTails.subscribe(tenant, request.query(), maxTails, session);
        List<LiveTails.Subscription> opened = new ArrayList<>();
        try {
            for (LogSelectorExpr query : scope.tailQueries(tenant, request.query())) {
                opened.add(liveTails.subscribe(tenant, query, maxTails + opened.size(), session));
            }
        } catch (TooManyTails | RuntimeException e) {
            opened.forEach(LiveTails.Subscription::close);
            throw e;
        }
        return () -> opened.forEach(LiveTails.Subscription::close);
    }

    private void start(ServerWebSocket socket, String tenant, ReadScope scope, Opened opened) {
        TailSession session = opened.session();
        session.start(socket, config.querier().tailMaxDuration().toMillis());
        if (opened.refusal() != null) {
            session.closeWithError(opened.refusal());
            return;
        }
        TailRequest request = opened.request();
        workers.executeBlocking(() -> {
            QueryThreads.lowerPriority();
            if (session.isClosed()) return List.<TailedEntry>of(); // the client left meanwhile
            long begun = nowNanos();
            log.atInfo().addKeyValue("tenant", tenant).addKeyValue("query", request.query()).log("starting to tail logs");
            return TailHistory.read(scope.viewAll(sources), tenant, request, begun);
        }, false).onSuccess(session::sendHistory).onFailure(e -> {
            log.atWarn().setCause(e).addKeyValue("tenant", tenant).log("reading a tail's past lines failed");
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

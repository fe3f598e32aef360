package dev.sigyn.distributor;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.distributor.redaction.Redactor;
import dev.sigyn.ingester.Pusher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.function.IntSupplier;

/**
 * Loki's push endpoints, {@code POST /loki/api/v1/push} and the deprecated {@code POST /api/prom/push}: protobuf
 * (snappy) or JSON bodies, optionally gzip/deflate encoded, from Promtail, Fluent Bit, Alloy and friends. Answers
 * 204 when every entry was accepted; otherwise Loki's status and plain-text message (docs/push-api.md). Also
 * {@code POST /otlp/v1/logs}, OpenTelemetry's OTLP/HTTP logs export (protobuf or JSON, optionally gzip).
 * The event loop only collects the body; decoding, validation and the ingester call run on the push workers.
 */
public final class PushApi {
    private static final Logger log = LoggerFactory.getLogger(PushApi.class);
    /** Pushes wait on the WAL's fsync: enough workers that a slow disk does not serialise every tenant. */
    private static final int PUSH_WORKERS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    private final Vertx vertx;
    private final Pusher pusher;
    private final TenantResolver tenants;
    private final BodyLimits bodyLimits;
    private final InflightBytes inflight;
    private final WorkerExecutor workers;
    private final PushHandler handler;
    private final DistributorMetrics metrics;

    /**
     * Loki 3's ingest-time {@code service_name} label and {@code detected_level} metadata follow
     * {@code limits_config.discover_service_name} and {@code discover_log_levels} (off by default, so answers stay
     * those of Loki 2.9); OTLP pushes always get them, as in Loki. Body sizes follow {@code distributor:}; every
     * other limit is the pushing tenant's, asked of {@code limits} per push.
     */
    public PushApi(Vertx vertx, Pusher pusher, TenantResolver tenants, SigynConfig config, TenantLimits limits,
                   MeterRegistry metrics) {
        this(vertx, pusher, tenants, config, limits, metrics, () -> 1);
    }

    /**
     * One of {@code distributorCount} distributors (microservices mode): each allows a tenant 1/N of
     * {@code ingestion_rate_mb}, so that the tenant's rate over the cluster is the configured one.
     */
    public PushApi(Vertx vertx, Pusher pusher, TenantResolver tenants, SigynConfig config, TenantLimits limits,
                   MeterRegistry metrics, IntSupplier distributorCount) {
        this(vertx, pusher, tenants, config, limits, metrics, BodyLimits.of(config.distributor()), InstantSource.system(),
                distributorCount);
    }

    /** For tests: smaller body limits and a controlled clock (validation windows and the rate limiter). */
    PushApi(Vertx vertx, Pusher pusher, TenantResolver tenants, SigynConfig config, TenantLimits limits,
            MeterRegistry registry,
            BodyLimits bodyLimits, InstantSource clock) {
        this(vertx, pusher, tenants, config, limits, registry, bodyLimits, clock, () -> 1);
    }

    PushApi(Vertx vertx, Pusher pusher, TenantResolver tenants, SigynConfig config, TenantLimits limits,
            MeterRegistry registry, BodyLimits bodyLimits, InstantSource clock, IntSupplier distributorCount) {
        this.vertx = vertx;
        this.pusher = pusher;
        this.tenants = tenants;
        this.bodyLimits = bodyLimits;
        this.inflight = new InflightBytes(config.distributor().maxInflightBytes());
        // Pushes get workers of their own, so that heavy queries on Vert.x's shared pool cannot delay them. Closed
        // with Vert.x.
        this.workers = vertx.createSharedWorkerExecutor("sigyn-push", PUSH_WORKERS);
        this.metrics = new DistributorMetrics(registry);
        Gauge.builder("sigyn.distributor.inflight.bytes", inflight, InflightBytes::held)
                .description("Bytes held by pushes being received, decoded or stored (distributor.max_inflight_bytes)")
                .baseUnit("bytes").register(registry);
        this.handler = new PushHandler(pusher, limits, bodyLimits, clock, metrics, distributorCount,
                new Redactor(registry));
    }

    public void mount(Router router) {
        router.post("/loki/api/v1/push").handler(ctx -> receive(ctx, false, false));
        router.post("/api/prom/push").handler(ctx -> receive(ctx, false, true));
        router.post("/otlp/v1/logs").handler(ctx -> receive(ctx, true, false));
    }

    private void receive(RoutingContext ctx, boolean otlp, boolean legacyPath) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        // Before the body is read: an ingester that cannot take pushes (its unflushed data over
        // ingester.max_unflushed_bytes while the object store fails) has them answered 503 so that clients back off.
        String refusal = pusher.refusal();
        if (refusal != null) {
            BodyReader.discard(ctx).onComplete(done -> reply(ctx, new PushReply(503, refusal), otlp, contentType));
            return;
        }
        String tenant;
        switch (tenants.resolve(ctx.request()::getHeader)) {
            case TenantResolver.Tenant t -> tenant = t.id();
            case TenantResolver.Refused r -> {
                BodyReader.discard(ctx).onComplete(done -> reply(ctx, new PushReply(r.status(), r.message()), otlp, null));
                return;
            }
        }
        String contentEncoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        // Held from the first byte received until the push is answered, whatever the answer.
        InflightBytes.Lease lease = inflight.lease();
        BodyReader.read(ctx, bodyLimits.maxReceivedBytes(), lease)
                .compose(read -> switch (read) {
                    case BodyReader.Refused refused -> {
                        metrics.push(tenant, refused.reply().status());
                        yield Future.succeededFuture(new Answer(refused.reply(), true));
                    }
                    case BodyReader.Received body -> {
                        PushBody push = new PushBody(contentType, contentEncoding == null ? "" : contentEncoding,
                                legacyPath, body.bytes(), body.length(), lease);
                        yield workers.executeBlocking(() -> otlp ? handler.handleOtlp(tenant, push)
                                : handler.handle(tenant, push), false).map(reply -> new Answer(reply, false));
                    }
                })
                .onComplete(done -> lease.close())
                .onSuccess(answer -> {
                    if (answer.closeConnection()) replyAndClose(ctx, answer.reply(), otlp, contentType);
                    else reply(ctx, answer.reply(), otlp, contentType);
                })
                .onFailure(e -> {
                    // Answered already (a read timeout's 408) or the client is gone: nobody to tell.
                    if (ctx.response().ended() || ctx.response().closed()) return;
                    log.atWarn().setMessage("push failed").addKeyValue("tenant", tenant).setCause(e).log();
                    reply(ctx, new PushReply(500, e.getMessage() != null ? e.getMessage() : e.toString()), otlp,
                            contentType);
                });
    }

    /** What a push is answered, and whether its connection closes after (its body was not read to the end). */
    private record Answer(PushReply reply, boolean closeConnection) {
    }

    /** For a push refused before its body was read: the answer, then the connection closes (see BodyReader). */
    private void replyAndClose(RoutingContext ctx, PushReply reply, boolean otlp, String contentType) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) return;
        if (ctx.request().version() != HttpVersion.HTTP_2) response.putHeader(HttpHeaders.CONNECTION, "close");
        reply(ctx, reply, otlp, contentType);
        BodyReader.closeAfterAnswer(vertx, ctx.request());
    }

    /**
     * 204 without a body; errors as Go's http.Error writes them: plain text ending in a newline. OTLP errors follow
     * the OTLP/HTTP spec instead (a Status message in the request's encoding, 503 rather than 500 so that
     * exporters retry), see {@link OtlpErrors}.
     */
    private static void reply(RoutingContext ctx, PushReply reply, boolean otlp, String requestContentType) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) return;
        if (otlp && reply.status() != 204) {
            OtlpErrors.write(response, reply, requestContentType);
            return;
        }
        response.setStatusCode(reply.status());
        if (reply.status() == 204) {
            response.end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(reply.message() + "\n");
    }
}

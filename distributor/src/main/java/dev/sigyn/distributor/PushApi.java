package dev.sigyn.distributor;

import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.Tenants;
import dev.sigyn.ingester.Pusher;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;

/**
 * Loki's push endpoints, {@code POST /loki/api/v1/push} and the deprecated {@code POST /api/prom/push}: protobuf
 * (snappy) or JSON bodies, optionally gzip/deflate encoded, from Promtail, Fluent Bit, Alloy and friends. Answers
 * 204 when every entry was accepted; otherwise Loki's status and plain-text message (docs/push-api.md). Also
 * {@code POST /otlp/v1/logs}, OpenTelemetry's OTLP/HTTP logs export (protobuf or JSON, optionally gzip).
 * The event loop only collects the body; decoding, validation and the ingester call run on a worker thread.
 */
public final class PushApi {
    private static final Logger log = LoggerFactory.getLogger(PushApi.class);
    static final String ORG_ID_HEADER = "X-Scope-OrgID";

    private final Vertx vertx;
    private final SigynConfig config;
    private final BodyLimits bodyLimits;
    private final PushHandler handler;
    private final DistributorMetrics metrics;

    /**
     * Loki 3's ingest-time {@code service_name} label and {@code detected_level} metadata follow
     * {@code limits_config.discover_service_name} and {@code discover_log_levels} (off by default, so answers stay
     * those of Loki 2.9); OTLP pushes always get them, as in Loki.
     */
    public PushApi(Vertx vertx, Pusher pusher, SigynConfig config, MeterRegistry metrics) {
        this(vertx, pusher, config, metrics, BodyLimits.DEFAULTS, InstantSource.system());
    }

    /** For tests: smaller body limits and a controlled clock (validation windows and the rate limiter). */
    PushApi(Vertx vertx, Pusher pusher, SigynConfig config, MeterRegistry registry, BodyLimits bodyLimits,
            InstantSource clock) {
        this.vertx = vertx;
        this.config = config;
        this.bodyLimits = bodyLimits;
        this.metrics = new DistributorMetrics(registry);
        // Every tenant gets limits_config for now; per-tenant overrides plug in here.
        this.handler = new PushHandler(pusher, tenant -> config.limits(), bodyLimits, clock, metrics);
    }

    public void mount(Router router) {
        router.post("/loki/api/v1/push").handler(ctx -> receive(ctx, false, false));
        router.post("/api/prom/push").handler(ctx -> receive(ctx, false, true));
        router.post("/otlp/v1/logs").handler(ctx -> receive(ctx, true, false));
    }

    private void receive(RoutingContext ctx, boolean otlp, boolean legacyPath) {
        String tenant = Tenants.resolve(ctx.request().getHeader(ORG_ID_HEADER), config.authEnabled());
        String tenantProblem = tenant == null ? null : Tenants.problem(tenant);
        if (tenant == null || tenantProblem != null) {
            int status = tenant == null ? 401 : 400;
            String message = tenant == null ? "no org id" : tenantProblem;
            BodyReader.discard(ctx).onComplete(done -> reply(ctx, new PushReply(status, message), otlp, null));
            return;
        }
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String contentEncoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        BodyReader.read(ctx, bodyLimits.maxReceivedBytes())
                .compose(body -> {
                    if (body.tooLarge()) {
                        metrics.push(tenant, 413);
                        return Future.succeededFuture(new PushReply(413,
                                "request body too large: message size too large than max (" + body.received()
                                        + " vs " + bodyLimits.maxReceivedBytes() + ")"));
                    }
                    PushBody push = new PushBody(contentType, contentEncoding == null ? "" : contentEncoding,
                            legacyPath, body.bytes(), body.length());
                    return vertx.executeBlocking(() -> otlp ? handler.handleOtlp(tenant, push)
                            : handler.handle(tenant, push), false);
                })
                .onSuccess(r -> reply(ctx, r, otlp, contentType))
                .onFailure(e -> {
                    log.atWarn().setMessage("push failed").addKeyValue("tenant", tenant).setCause(e).log();
                    reply(ctx, new PushReply(500, e.getMessage() != null ? e.getMessage() : e.toString()), otlp,
                            contentType);
                });
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

package dev.sigyn.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.config.ConfigYaml;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.config.TenantLimits;
import dev.sigyn.config.TenantResolver;
import dev.sigyn.ingester.IngesterAdmin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Operational endpoints: {@code /ready}, {@code /flush}, {@code /metrics}, {@code /config}, the asking tenant's limits
 * ({@code /config/tenant/v1/limits}, Loki's: {@code limits_config} with the tenant's runtime overrides), build info.
 */
final class OpsApi {
    private static final Logger log = LoggerFactory.getLogger(OpsApi.class);

    private final Vertx vertx;
    private final WorkerExecutor background;
    private final SigynConfig config;
    private final TenantResolver tenants;
    private final TenantLimits limits;
    private final ReadinessCheck readiness;
    private final IngesterAdmin ingester;
    private final PrometheusMeterRegistry metrics;
    private final BuildInfo build;

    /**
     * @param background where {@code /flush} runs (the pool for background work, not the push or query threads)
     * @param ingester   what {@code /flush} flushes; null in a process without an ingester (no {@code /flush})
     */
    OpsApi(Vertx vertx, WorkerExecutor background, SigynConfig config, TenantResolver tenants, TenantLimits limits,
           ReadinessCheck readiness, IngesterAdmin ingester, PrometheusMeterRegistry metrics, BuildInfo build) {
        this.vertx = vertx;
        this.background = background;
        this.config = config;
        this.tenants = tenants;
        this.limits = limits;
        this.readiness = readiness;
        this.ingester = ingester;
        this.metrics = metrics;
        this.build = build;
    }

    void mount(Router router) {
        router.get("/ready").handler(this::ready);
        // Only processes that hold ingested data flush (in microservices mode: the ingester target).
        if (ingester != null) router.route("/flush").method(HttpMethod.GET).method(HttpMethod.POST).handler(this::flush);
        router.get("/metrics").handler(this::metrics);
        router.get("/config").handler(this::config);
        router.get("/config/tenant/v1/limits").handler(this::tenantLimits);
        router.get("/loki/api/v1/status/buildinfo").handler(this::buildInfo);
        router.get("/api/v1/status/buildinfo").handler(this::buildInfo);
    }

    private void ready(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8");
        readiness.problem().ifPresentOrElse(problem -> ctx.response().setStatusCode(503).end(problem + "\n"),
                () -> ctx.response().end("ready\n"));
    }

    private void flush(RoutingContext ctx) {
        background.executeBlocking(() -> {
            ingester.flushAll();
            return null;
        }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(e -> {
            // The flush loop retries by itself (object store unreachable, most often): a warning without a trace.
            log.atWarn().addKeyValue("error", e.toString()).log("flush failed");
            ctx.response().setStatusCode(500).end("flush failed: " + e.getMessage() + "\n");
        });
    }

    /**
     * Tenant ids are label values of many meters, so with auth enabled {@code /metrics} asks for an org id like every
     * tenant endpoint (the gateway in front decides who may scrape), unless Sigyn's own authentication decides
     * ({@code auth.open_paths}, or the admin role). {@code /ready} stays open for probes.
     */
    private void metrics(RoutingContext ctx) {
        if (!config.auth().enabled() && tenantOf(ctx) == null) return;
        vertx.executeBlocking(metrics::scrape, false).onSuccess(text -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail);
    }

    private void config(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(ConfigYaml.toYaml(config));
    }

    private void tenantLimits(RoutingContext ctx) {
        String tenant = tenantOf(ctx);
        if (tenant == null) return;
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(ConfigYaml.limitsToYaml(limits.forTenant(tenant)));
    }

    /** The request's tenant; null when the resolver refused it, and the request was answered so. */
    private String tenantOf(RoutingContext ctx) {
        return switch (tenants.resolve(ctx.request()::getHeader)) {
            case TenantResolver.Tenant t -> t.id();
            case TenantResolver.Refused r -> {
                ctx.response().setStatusCode(r.status()).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(r.message() + "\n");
                yield null;
            }
        };
    }

    private void buildInfo(RoutingContext ctx) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", build.version());
            g.writeStringField("revision", build.revision());
            g.writeStringField("branch", build.branch());
            g.writeStringField("buildUser", "");
            g.writeStringField("buildDate", build.buildDate());
            g.writeStringField("goVersion", "");
            g.writeStringField("javaVersion", System.getProperty("java.version"));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.response().putHeader("Content-Type", "application/json").end(out.toString());
    }
}

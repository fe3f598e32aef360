package dev.sigyn.auth;

import dev.sigyn.config.StreamAccess;
import dev.sigyn.config.TenantResolver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * The first handler of every request when credentials are configured: it authenticates the request, checks that a
 * grant allows the endpoint ({@link EndpointRoles}), chooses the tenant ({@link TenantChoice}) and hands the request
 * on with {@code X-Scope-OrgID} set to that tenant and {@value #STREAM_ACCESS_HEADER} to the selectors that limit it,
 * so the APIs behind trust those two headers as they would a gateway's. Answers: 401 without valid credentials, 403
 * for a missing grant, 429 for an address that failed too often; none of them tells whether a user or a tenant
 * exists. bcrypt checks run on the auth workers, never on the event loop.
 */
public final class AuthGate implements Handler<RoutingContext> {
    /** Tenant → selectors limiting which of its streams a request may read or delete (JSON); set here only. */
    public static final String STREAM_ACCESS_HEADER = StreamAccess.HEADER;
    public static final String ORG_ID_HEADER = TenantResolver.OrgIdHeader.HEADER;
    /** Why a request was refused, for the audit log. */
    public static final String DENIAL_KEY = "sigyn.auth.denial";

    private final EndpointRoles roles;
    private final StaticCredentials configured;
    /** Null without an {@code auth.oidc} block. */
    private final OidcTokens oidc;
    private final FailedAttempts attempts;
    private final WorkerExecutor workers;
    private final Function<String, Counter> refusals;

    AuthGate(EndpointRoles roles, StaticCredentials configured, OidcTokens oidc, FailedAttempts attempts,
             WorkerExecutor workers, MeterRegistry metrics) {
        this.roles = roles;
        this.configured = configured;
        this.oidc = oidc;
        this.attempts = attempts;
        this.workers = workers;
        this.refusals = reason -> Counter.builder("sigyn_auth_refused_requests_total")
                .description("Requests refused by authentication or authorization, by reason")
                .tag("reason", reason).register(metrics);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // Only this gate may say which streams a request sees.
        request.headers().remove(STREAM_ACCESS_HEADER);
        Requirement needed = roles.of(request.method(), ctx.normalizedPath());
        if (needed instanceof Requirement.Open) {
            ctx.next();
            return;
        }
        String source = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        if (attempts.blocked(source)) {
            refuse(ctx, 429, "too many failed authentication attempts; try again later", "rate_limited");
            return;
        }
        switch (PresentedCredential.of(request.getHeader("Authorization"))) {
            case PresentedCredential.None n -> unauthorized(ctx, "no_credentials");
            case PresentedCredential.Malformed m -> failed(ctx, source);
            case PresentedCredential.Bearer b -> decided(ctx, source, needed, bearer(b));
            case PresentedCredential.Basic b -> {
                Principal remembered = configured.basicIfRemembered(b.user(), b.password());
                if (remembered != null) {
                    decided(ctx, source, needed, remembered);
                } else {
                    // The body waits until the slow check is done (its reader resumes the request).
                    boolean hasBody = request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD;
                    if (hasBody) request.pause();
                    Future<Principal> checked = workers.executeBlocking(() -> configured.basic(b.user(), b.password()));
                    checked.onComplete(ar -> decided(ctx, source, needed, ar.succeeded() ? ar.result() : null));
                }
            }
        }
    }

    /** A JWT of the OIDC provider, else a configured token (which may look like a JWT too). */
    private Principal bearer(PresentedCredential.Bearer b) {
        Principal jwt = b.isJwt() && oidc != null ? oidc.verify(b.token()) : null;
        return jwt != null ? jwt : configured.token(b.token());
    }

    private void decided(RoutingContext ctx, String source, Requirement needed, Principal principal) {
        if (principal == null) {
            failed(ctx, source);
            return;
        }
        ctx.put(Principal.CONTEXT_KEY, principal);
        switch (needed) {
            case Requirement.Open o -> ctx.next();
            case Requirement.Authenticated a -> ctx.next();
            case Requirement.Admin a -> {
                if (principal.grants().stream().anyMatch(g -> g.roles().contains(Role.ADMIN))) ctx.next();
                else forbidden(ctx);
            }
            case Requirement.InTenant t -> {
                switch (TenantChoice.of(principal, t.roles(), ctx.request().getHeader(ORG_ID_HEADER))) {
                    case TenantChoice.Chosen chosen -> {
                        ctx.request().headers().set(ORG_ID_HEADER, chosen.orgId());
                        if (!chosen.selectors().isEmpty()) {
                            ctx.request().headers().set(STREAM_ACCESS_HEADER, new StreamAccess(chosen.selectors()).toHeader());
                        }
                        ctx.next();
                    }
                    // Loki's answer to a request without a tenant, when the grants leave a choice.
                    case TenantChoice.NoTenant n -> refuse(ctx, 401, "no org id", "no_tenant");
                    case TenantChoice.NotGranted n -> forbidden(ctx);
                }
            }
        }
    }

    private void failed(RoutingContext ctx, String source) {
        attempts.failed(source);
        unauthorized(ctx, "bad_credentials");
    }

    private void unauthorized(RoutingContext ctx, String reason) {
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"sigyn\", charset=\"UTF-8\"");
        refuse(ctx, 401, "unauthorized", reason);
    }

    private void forbidden(RoutingContext ctx) {
        refuse(ctx, 403, "forbidden: no grant of this credential allows this request", "not_granted");
    }

    private void refuse(RoutingContext ctx, int status, String message, String reason) {
        refusals.apply(reason).increment();
        ctx.put(DENIAL_KEY, reason);
        if (ctx.response().ended()) return;
        // A body left unread would be taken for the next request on this connection.
        if (!ctx.request().isEnded()) ctx.response().putHeader("Connection", "close");
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }
}

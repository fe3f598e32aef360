package dev.sigyn.auth;

import dev.sigyn.auth.audit.AuditLog;
import dev.sigyn.auth.audit.AuditTrail;
import dev.sigyn.config.AuthConfig;
import dev.sigyn.config.ConfigException;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.logql.syntax.Parser;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Puts the {@code auth:} block into effect on a router, before any API is mounted: the audit trail first (it sees
 * every answer, refusals included), then the authentication gate. Without credentials nothing is checked and
 * {@code auth_enabled} keeps Loki's rule; the audit log works either way.
 */
public final class HttpSecurity implements AutoCloseable {
    /** How often keys fetched from {@code auth.oidc.jwks_url} are fetched again (providers rotate them). */
    private static final long JWKS_REFRESH_MS = 5 * 60_000;

    private final List<AutoCloseable> parts;
    private final boolean authenticates;

    private HttpSecurity(List<AutoCloseable> parts, boolean authenticates) {
        this.parts = parts;
        this.authenticates = authenticates;
    }

    /** Mounts the audit trail and the gate on {@code router}; refuses a configuration it cannot honour. */
    public static HttpSecurity install(Router router, Vertx vertx, SigynConfig config, MeterRegistry metrics)
            throws ConfigException {
        AuthConfig auth = config.auth();
        checkSelectors(auth);
        if (auth.enabled() && !config.authEnabled()) {
            throw new ConfigException("auth: credentials are configured but auth_enabled is false; set auth_enabled:"
                    + " true (the credentials' grants name the tenants)");
        }
        List<AutoCloseable> parts = new ArrayList<>();
        if (!auth.auditLog().isEmpty()) {
            AuditLog log = AuditLog.open(auth.auditLog(), auth.auditLogMaxSize(), auth.auditLogMaxFiles());
            parts.add(log);
            Set<String> open = Set.copyOf(auth.openPaths());
            router.route().handler(new AuditTrail(log, auth.auditLogFormat().equals("json"),
                    path -> open.contains(path) || (!auth.auditPushes() && EndpointRoles.isPush(path)),
                    Clock.systemUTC()));
        }
        if (auth.enabled()) {
            OidcTokens oidc = auth.oidc().enabled() ? new OidcTokens(auth.oidc()) : null;
            WorkerExecutor workers = vertx.createSharedWorkerExecutor("sigyn-auth", 2);
            parts.add(workers::close);
            if (oidc != null && !auth.oidc().jwksUrl().isEmpty()) {
                long timer = vertx.setPeriodic(JWKS_REFRESH_MS,
                        id -> workers.executeBlocking(() -> {
                            oidc.reloadQuietly();
                            return null;
                        }));
                parts.add(() -> vertx.cancelTimer(timer));
            }
            router.route().handler(new AuthGate(new EndpointRoles(auth.openPaths()), new StaticCredentials(auth), oidc,
                    new FailedAttempts(auth.maxFailedAttempts()), workers, metrics));
        }
        return new HttpSecurity(parts, auth.enabled());
    }

    /**
     * True when the gate checks every tenant a request names, so that Loki's multi-tenant reads ({@code a|b}) may be
     * allowed.
     */
    public boolean vouchesForTenants() {
        return authenticates;
    }

    private static void checkSelectors(AuthConfig auth) throws ConfigException {
        List<String> problems = new ArrayList<>();
        for (List<AuthConfig.Credential> list : List.of(auth.users(), auth.tokens())) {
            for (AuthConfig.Credential c : list) {
                for (AuthConfig.Grant g : c.grants()) {
                    for (String selector : g.selectors()) {
                        try {
                            Parser.parseSelector(selector);
                        } catch (RuntimeException e) {
                            problems.add("auth: credential " + c.name() + ", tenant " + g.tenant() + ": selector "
                                    + selector + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(String.join("; ", problems));
    }

    @Override
    public void close() {
        for (AutoCloseable part : parts.reversed()) {
            try {
                part.close();
            } catch (Exception ignored) {
                // closing at shutdown: nothing left to tell
            }
        }
    }
}

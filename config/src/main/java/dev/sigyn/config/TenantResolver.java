package dev.sigyn.config;

import java.util.function.UnaryOperator;

/**
 * Decides which tenant an HTTP request belongs to. Every API (push, queries, tail, delete requests, {@code /metrics})
 * asks the one resolver the server gives it, so that authentication can be added here, once, by another
 * implementation. The APIs answer a refusal with its status and message as they answer their other errors.
 */
public interface TenantResolver {
    /**
     * @param header a request header by name (case-insensitive), null when the request does not carry it
     */
    Resolution resolve(UnaryOperator<String> header);

    /** What a request was found to be: a tenant's, or refused. */
    sealed interface Resolution permits Tenant, Refused {
    }

    /** The request belongs to this tenant, whose ID is valid. */
    record Tenant(String id) implements Resolution {
    }

    /** The request names no tenant (401) or an invalid one (400): answered with Loki's text. */
    record Refused(int status, String message) implements Resolution {
    }

    /** Loki's rule: with {@code auth_enabled} the {@code X-Scope-OrgID} header names the tenant, else {@code fake}. */
    static TenantResolver orgIdHeader(boolean authEnabled) {
        return new OrgIdHeader(authEnabled);
    }

    /** Loki without an authenticating proxy in front: the header is trusted as sent. */
    record OrgIdHeader(boolean authEnabled) implements TenantResolver {
        public static final String HEADER = "X-Scope-OrgID";

        @Override
        public Resolution resolve(UnaryOperator<String> header) {
            if (!authEnabled) return new Tenant(Tenants.SINGLE_TENANT);
            // Taken as sent, never trimmed: Tenants.problem refuses one with whitespace around it.
            String orgId = header.apply(HEADER);
            if (orgId == null || orgId.isEmpty()) return new Refused(401, "no org id");
            String problem = Tenants.problem(orgId);
            return problem == null ? new Tenant(orgId) : new Refused(400, problem);
        }
    }
}

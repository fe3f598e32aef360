package dev.sigyn.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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

    /**
     * The tenants a read (a query, labels, series, stats) is about: like {@link #resolve}, but it may name several
     * tenants (Loki's {@code X-Scope-OrgID: a|b}) when this resolver allows multi-tenant reads; its {@link Tenant#id}
     * is then their IDs sorted and joined by {@code |}. By default a read resolves as any other request.
     */
    default Resolution resolveRead(UnaryOperator<String> header) {
        return resolve(header);
    }

    /** What a request was found to be: a tenant's, or refused. */
    sealed interface Resolution permits Tenant, Refused {
    }

    /**
     * The request belongs to this tenant, whose ID is valid, and may read only what {@code access} allows. A read
     * ({@link #resolveRead}) may be about several tenants: {@code id} is then their IDs joined by {@code |}.
     */
    record Tenant(String id, StreamAccess access) implements Resolution {
        public Tenant {
            if (access == null) access = StreamAccess.UNRESTRICTED;
        }

        /** A tenant that may read all its streams. */
        public Tenant(String id) {
            this(id, StreamAccess.UNRESTRICTED);
        }

        /** The tenants of the request: one, or several for a multi-tenant read. */
        public List<String> ids() {
            return id.indexOf('|') < 0 ? List.of(id) : List.of(id.split("\\|"));
        }
    }

    /** The request names no tenant (401) or an invalid one (400): answered with Loki's text. */
    record Refused(int status, String message) implements Resolution {
    }

    /**
     * The resolver a server built from {@code config} uses: reads may name several tenants when Loki's
     * {@code multi_tenant_queries_enabled} says so, or when Sigyn's own authentication checked each one.
     */
    static TenantResolver of(SigynConfig config) {
        return orgIdHeader(config.authEnabled(),
                config.querier().multiTenantQueriesEnabled() || config.auth().enabled());
    }

    /** Loki's rule: with {@code auth_enabled} the {@code X-Scope-OrgID} header names the tenant, else {@code fake}. */
    static TenantResolver orgIdHeader(boolean authEnabled) {
        return new OrgIdHeader(authEnabled, false);
    }

    /**
     * Loki's rule, and reads may name several tenants ({@code a|b}) when {@code multiTenantReads}: Loki's
     * {@code querier.multi_tenant_queries_enabled}, or an authentication in front that checked every tenant named.
     */
    static TenantResolver orgIdHeader(boolean authEnabled, boolean multiTenantReads) {
        return new OrgIdHeader(authEnabled, multiTenantReads);
    }

    /**
     * Loki without an authenticating proxy in front: the header is trusted as sent. The {@value StreamAccess#HEADER}
     * header, which only narrows what a request reads, is honoured in every case.
     */
    record OrgIdHeader(boolean authEnabled, boolean multiTenantReads) implements TenantResolver {
        public static final String HEADER = "X-Scope-OrgID";

        @Override
        public Resolution resolve(UnaryOperator<String> header) {
            return resolve(header, false);
        }

        @Override
        public Resolution resolveRead(UnaryOperator<String> header) {
            return resolve(header, multiTenantReads);
        }

        private Resolution resolve(UnaryOperator<String> header, boolean severalAllowed) {
            StreamAccess access;
            try {
                access = StreamAccess.parseHeader(header.apply(StreamAccess.HEADER));
            } catch (IllegalArgumentException e) {
                return new Refused(400, e.getMessage());
            }
            if (!authEnabled) return new Tenant(Tenants.SINGLE_TENANT, access.only(List.of(Tenants.SINGLE_TENANT)));
            // Taken as sent, never trimmed: Tenants.problem refuses one with whitespace around it.
            String orgId = header.apply(HEADER);
            if (orgId == null || orgId.isEmpty()) return new Refused(401, "no org id");
            if (!severalAllowed || orgId.indexOf('|') < 0) {
                String problem = Tenants.problem(orgId);
                return problem == null ? new Tenant(orgId, access.only(List.of(orgId))) : new Refused(400, problem);
            }
            // Loki's multi-tenant reads: each ID valid, duplicates once, in sorted order.
            TreeSet<String> ids = new TreeSet<>();
            for (String id : orgId.split("\\|", -1)) {
                String problem = id.isEmpty() ? "tenant ID is empty" : Tenants.problem(id);
                if (problem != null) return new Refused(400, problem);
                ids.add(id);
            }
            return new Tenant(String.join("|", ids), access.only(new ArrayList<>(ids)));
        }
    }
}

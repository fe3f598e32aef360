package dev.sigyn.auth;

import java.util.List;

/**
 * Who a request authenticated as: the credential's name (never a secret part of it), its kind, and its grants.
 *
 * @param kind {@code user} (basic auth), {@code token} (a static bearer token) or {@code oidc} (a JWT)
 */
public record Principal(String name, String kind, List<Grant> grants) {
    /** Where the gate leaves the principal in the routing context, for the audit log. */
    public static final String CONTEXT_KEY = "sigyn.principal";

    public Principal {
        grants = List.copyOf(grants);
    }
}

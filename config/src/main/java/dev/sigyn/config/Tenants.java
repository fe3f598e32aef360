package dev.sigyn.config;

/** Which tenant a request belongs to, by Loki's rule. */
public final class Tenants {
    /** The tenant of every request when {@code auth_enabled: false}. */
    public static final String SINGLE_TENANT = "fake";

    private Tenants() {}

    /**
     * The tenant for a request carrying the given {@code X-Scope-OrgID} header value (null when absent), or null when
     * auth is enabled and the header is missing or blank: callers then answer 401 {@code no org id}.
     */
    public static String resolve(String orgIdHeader, boolean authEnabled) {
        if (!authEnabled) return SINGLE_TENANT;
        if (orgIdHeader == null) return null;
        String t = orgIdHeader.trim();
        return t.isEmpty() ? null : t;
    }
}

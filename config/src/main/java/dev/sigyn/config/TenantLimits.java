package dev.sigyn.config;

/**
 * The limits that apply to a tenant's request: {@code limits_config}, with the tenant's runtime overrides on top.
 * Components ask per request (never keep a copy from start-up), so that a reloaded overrides file applies at once.
 * Implementations are thread-safe and answer without blocking: event loops may ask.
 */
@FunctionalInterface
public interface TenantLimits {
    LimitsConfig forTenant(String tenant);

    /** The same limits for every tenant, never changing: for tests and tools without a runtime configuration. */
    static TenantLimits fixed(LimitsConfig limits) {
        return tenant -> limits;
    }
}

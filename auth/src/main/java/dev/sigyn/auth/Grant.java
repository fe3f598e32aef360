package dev.sigyn.auth;

import dev.sigyn.config.AuthConfig;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a credential may do in one tenant ({@link AuthConfig#ANY_TENANT} for every tenant): its roles, and the stream
 * selectors that limit what it reads and deletes (none: every stream).
 */
public record Grant(String tenant, Set<Role> roles, List<String> selectors) {
    public Grant {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        selectors = List.copyOf(selectors);
    }

    static Grant of(AuthConfig.Grant configured) {
        return new Grant(configured.tenant(), EnumSet.copyOf(configured.roles().stream().map(Role::named).toList()),
                configured.selectors());
    }

    boolean covers(String tenantId) {
        return tenant.equals(AuthConfig.ANY_TENANT) || tenant.equals(tenantId);
    }

    boolean allowsAny(Set<Role> wanted) {
        for (Role r : wanted) if (roles.contains(r)) return true;
        return false;
    }
}

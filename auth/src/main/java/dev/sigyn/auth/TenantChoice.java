package dev.sigyn.auth;

import dev.sigyn.config.AuthConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tenant a request of an authenticated principal belongs to: the one its grants name, or the
 * {@code X-Scope-OrgID} it sends when its grants cover it ({@code a|b} on reads: each one). For each tenant chosen, the
 * selectors its grants carry limit what the request sees (none when any grant of that tenant has none).
 */
final class TenantChoice {
    /** What the choice came to. */
    sealed interface Outcome {}

    /**
     * The request may go on as the tenant(s) in {@code orgId}; {@code selectors} holds the tenants whose streams are
     * limited, each with the selectors of which a stream must match one.
     */
    record Chosen(String orgId, Map<String, List<String>> selectors) implements Outcome {}

    /** The request names no tenant and its grants cover several (or any): Loki's 401. */
    record NoTenant() implements Outcome {}

    /** The grants do not cover a tenant the request names. */
    record NotGranted() implements Outcome {}

    private TenantChoice() {}

    static Outcome of(Principal principal, Set<Role> roles, String orgIdHeader) {
        List<Grant> usable = principal.grants().stream().filter(g -> g.allowsAny(roles)).toList();
        List<String> tenants;
        if (orgIdHeader == null || orgIdHeader.isEmpty()) {
            Set<String> named = new LinkedHashSet<>();
            for (Grant g : usable) named.add(g.tenant());
            if (named.size() != 1 || named.contains(AuthConfig.ANY_TENANT)) {
                return usable.isEmpty() ? new NotGranted() : new NoTenant();
            }
            tenants = List.copyOf(named);
        } else {
            // Several tenants are passed on as sent; the API refuses them where it reads only one.
            tenants = List.of(orgIdHeader.split("\\|", -1));
        }
        Map<String, List<String>> limited = new LinkedHashMap<>();
        for (String tenant : tenants) {
            List<Grant> covering = usable.stream().filter(g -> g.covers(tenant)).toList();
            if (covering.isEmpty()) return new NotGranted();
            if (covering.stream().allMatch(g -> !g.selectors().isEmpty())) {
                List<String> selectors = new ArrayList<>();
                for (Grant g : covering) for (String s : g.selectors()) if (!selectors.contains(s)) selectors.add(s);
                limited.put(tenant, List.copyOf(selectors));
            }
        }
        return new Chosen(String.join("|", tenants), limited);
    }
}

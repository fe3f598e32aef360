package dev.sigyn.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TenantsTest {
    private static final TenantResolver WITH_AUTH = TenantResolver.orgIdHeader(true);

    private static TenantResolver.Resolution resolve(TenantResolver resolver, String orgId) {
        Map<String, String> headers = orgId == null ? Map.of() : Map.of("X-Scope-OrgID", orgId);
        return resolver.resolve(headers::get);
    }

    @ParameterizedTest
    @ValueSource(strings = {" acme ", " acme", "acme ", "\tacme", "acme\u000b", "\u00a0acme", "acme\u2003"})
    void anOrgIdWithWhitespaceAroundItIsRefusedNotTrimmed(String header) {
        assertEquals(new TenantResolver.Refused(400, "tenant ID '" + header + "' has leading or trailing whitespace"),
                resolve(WITH_AUTH, header));
    }

    @Test
    void aMissingOrEmptyOrgIdIsRefusedAsUnauthorized() {
        assertEquals(new TenantResolver.Refused(401, "no org id"), resolve(WITH_AUTH, null));
        assertEquals(new TenantResolver.Refused(401, "no org id"), resolve(WITH_AUTH, ""));
    }

    @Test
    void aValidOrgIdIsTheTenant() {
        assertEquals(new TenantResolver.Tenant("team-a_1.(prod)*'!"), resolve(WITH_AUTH, "team-a_1.(prod)*'!"));
    }

    @Test
    void withAuthDisabledEveryRequestIsTheSingleTenant() {
        assertEquals(new TenantResolver.Tenant("fake"), resolve(TenantResolver.orgIdHeader(false), " acme "));
        assertEquals(new TenantResolver.Tenant("fake"), resolve(TenantResolver.orgIdHeader(false), null));
    }

    @Test
    void lokisOtherRulesStillApply() {
        assertNull(Tenants.problem("acme"));
        assertEquals(new TenantResolver.Refused(400, "multiple org IDs present"), resolve(WITH_AUTH, "a|b"));
        assertEquals("tenant ID 'a b' contains unsupported character ' '", Tenants.problem("a b"));
        assertEquals("tenant ID '../etc' contains unsupported character '/'", Tenants.problem("../etc"));
        assertEquals("tenant ID is '.' or '..'", Tenants.problem(".."));
        assertEquals("tenant ID is too long: max 150 characters", Tenants.problem("a".repeat(151)));
    }
}

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

    @Test
    void readsNameSeveralTenantsOnlyWhenAllowedAndOtherRequestsNever() {
        Map<String, String> headers = Map.of("X-Scope-OrgID", "b|a|b");
        TenantResolver multi = TenantResolver.orgIdHeader(true, true);
        assertEquals(new TenantResolver.Tenant("a|b"), multi.resolveRead(headers::get));
        assertEquals(java.util.List.of("a", "b"), ((TenantResolver.Tenant) multi.resolveRead(headers::get)).ids());
        assertEquals(new TenantResolver.Refused(400, "multiple org IDs present"), multi.resolve(headers::get));
        assertEquals(new TenantResolver.Refused(400, "multiple org IDs present"), WITH_AUTH.resolveRead(headers::get));
        Map<String, String> bad = Map.of("X-Scope-OrgID", "a|b/c");
        assertEquals(new TenantResolver.Refused(400, "tenant ID 'b/c' contains unsupported character '/'"),
                multi.resolveRead(bad::get));
    }

    @Test
    void theStreamAccessHeaderNarrowsTheRequestsOwnTenantsEvenWithoutAuth() {
        String json = "{\"fake\":[\"{a=\\\"1\\\"}\"],\"other\":[]}";
        var t = (TenantResolver.Tenant) TenantResolver.orgIdHeader(false).resolve(
                Map.of(StreamAccess.HEADER, json)::get);
        assertEquals(java.util.List.of("{a=\"1\"}"), t.access().of("fake"));
        assertNull(t.access().of("other"), "another tenant's grant is not carried on");
        assertEquals(new TenantResolver.Refused(400, "X-Sigyn-Stream-Access must be a JSON object from tenant ID to a"
                + " list of stream selectors"), WITH_AUTH.resolve(Map.of("X-Scope-OrgID", "a",
                StreamAccess.HEADER, "[1]")::get));
    }
}

package dev.sigyn.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TenantsTest {

    @ParameterizedTest
    @ValueSource(strings = {" acme ", " acme", "acme ", "\tacme", "acme\u000b", "\u00a0acme", "acme\u2003"})
    void anOrgIdWithWhitespaceAroundItIsRefusedNotTrimmed(String header) {
        String tenant = Tenants.resolve(header, true);

        assertEquals(header, tenant);
        assertEquals("tenant ID '" + header + "' has leading or trailing whitespace", Tenants.problem(tenant));
    }

    @Test
    void aMissingOrEmptyOrgIdIsNoTenant() {
        assertNull(Tenants.resolve(null, true));
        assertNull(Tenants.resolve("", true));
    }

    @Test
    void withAuthDisabledEveryRequestIsTheSingleTenant() {
        assertEquals("fake", Tenants.resolve(" acme ", false));
    }

    @Test
    void lokisOtherRulesStillApply() {
        assertNull(Tenants.problem("acme"));
        assertNull(Tenants.problem("team-a_1.(prod)*'!"));
        assertEquals("multiple org IDs present", Tenants.problem("a|b"));
        assertEquals("tenant ID 'a b' contains unsupported character ' '", Tenants.problem("a b"));
        assertEquals("tenant ID '../etc' contains unsupported character '/'", Tenants.problem("../etc"));
        assertEquals("tenant ID is '.' or '..'", Tenants.problem(".."));
        assertEquals("tenant ID is too long: max 150 characters", Tenants.problem("a".repeat(151)));
    }
}
